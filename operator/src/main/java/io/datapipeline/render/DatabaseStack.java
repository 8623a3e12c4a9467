package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.DatabaseSpec;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;

/**
 * RDS PostgreSQL, its subnet group and security group, the read-only Grafana credentials, and the
 * client security groups of the converter and the dashboard.
 *
 * <p>The client groups live here, not in the stacks of their users, so the database group can admit
 * them by id without a dependency cycle: this stack deploys first and passes their ids forward as
 * parameters.
 */
final class DatabaseStack {

  /** The RDS master user; its password is generated and kept by RDS in Secrets Manager. */
  static final String MASTER_USERNAME = "dpadmin";

  /** The read-only role the converter maintains for Grafana (contracts: DB_READER_SECRET_ARN). */
  static final String READER_USERNAME = "grafana_reader";

  /** Alarm when the database's free storage falls below 2 GiB. */
  static final long LOW_FREE_STORAGE_BYTES = 2L * 1024 * 1024 * 1024;

  static final int HIGH_CPU_PERCENT = 80;

  private DatabaseStack() {}

  /**
   * A client's security group ({@code <name>SecurityGroup}): HTTPS out to AWS APIs, PostgreSQL out
   * to the database, and the database's matching ingress rule.
   */
  private static void clientGroup(
      Template t, String name, String description, String httpsPurpose) {
    String group = name + "SecurityGroup";
    t.resource(
        group,
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            description,
            "VpcId",
            Fn.ref("VpcId"),
            "SecurityGroupEgress",
            list(
                SecurityGroups.tcpToCidr(Ports.HTTPS, SecurityGroups.ANYWHERE, httpsPurpose),
                obj(
                    "IpProtocol",
                    "tcp",
                    "FromPort",
                    Ports.POSTGRES,
                    "ToPort",
                    Ports.POSTGRES,
                    "DestinationSecurityGroupId",
                    Fn.getAtt("DatabaseSecurityGroup", "GroupId"),
                    "Description",
                    "PostgreSQL"))));
    t.resource(
        "DatabaseFrom" + name,
        "AWS::EC2::SecurityGroupIngress",
        SecurityGroups.ingressRule(
            Fn.getAtt("DatabaseSecurityGroup", "GroupId"),
            Ports.POSTGRES,
            Fn.getAtt(group, "GroupId"),
            "PostgreSQL from the " + name.toLowerCase(java.util.Locale.ROOT)));
  }

  static StackSpec render(RenderContext context) {
    DatabaseSpec db = context.spec().database;
    StackBuilder stack =
        new StackBuilder(
            Component.DATABASE,
            "DataPipeline "
                + context.label()
                + ": RDS PostgreSQL and the security groups of its clients");
    stack
        .parameter("VpcId", "AWS::EC2::VPC::Id", "VPC of the pipeline.", context.vpcId())
        .parameter(
            "PrivateSubnetIds",
            "List<AWS::EC2::Subnet::Id>",
            "Private subnets (two or more Availability Zones) for the database.",
            context.privateSubnetIds());
    Template t = stack.template();

    // Inline rules only where a group references no group that references it back; the
    // database's ingress rules are separate resources, which breaks the cycle.
    t.resource(
        "DatabaseSecurityGroup",
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            "PostgreSQL of " + context.label() + ": only its clients",
            "VpcId",
            Fn.ref("VpcId"),
            "SecurityGroupEgress",
            list(SecurityGroups.noEgress())));
    clientGroup(
        t,
        "Converter",
        "Converter Lambda of " + context.label(),
        "HTTPS to S3, DynamoDB and Secrets Manager (endpoints or NAT)");
    if (context.dashboardEnabled()) {
      clientGroup(
          t,
          "Dashboard",
          "Grafana tasks of "
              + context.label()
              + " (ingress from the load balancer is added by the dashboard stack)",
          "HTTPS to the image registry, Secrets Manager and CloudWatch");
    }

    t.resource(
        "DatabaseSubnetGroup",
        "AWS::RDS::DBSubnetGroup",
        obj(
            "DBSubnetGroupDescription",
            "Private subnets of " + context.label(),
            "SubnetIds",
            Fn.ref("PrivateSubnetIds")));

    boolean deletable = db.deletionPolicy == DatabaseSpec.DeletionPolicy.Delete;
    t.resource(
            "Database",
            "AWS::RDS::DBInstance",
            obj(
                "Engine",
                "postgres",
                "EngineVersion",
                db.engineVersion,
                "DBInstanceClass",
                db.instanceClass,
                "AllocatedStorage",
                Integer.toString(db.allocatedStorageGiB),
                "MaxAllocatedStorage",
                // RDS wants the limit above AllocatedStorage; equal means autoscaling off.
                db.maxAllocatedStorageGiB > db.allocatedStorageGiB
                    ? db.maxAllocatedStorageGiB
                    : null,
                "StorageType",
                "gp3",
                "StorageEncrypted",
                true,
                "MultiAZ",
                Boolean.TRUE.equals(db.multiAZ),
                "BackupRetentionPeriod",
                db.backupRetentionDays,
                "DBName",
                RenderContext.DATABASE_NAME,
                "MasterUsername",
                MASTER_USERNAME,
                "ManageMasterUserPassword",
                true,
                "PubliclyAccessible",
                false,
                "DeletionProtection",
                !deletable,
                "CopyTagsToSnapshot",
                true,
                "AutoMinorVersionUpgrade",
                true,
                "DBSubnetGroupName",
                Fn.ref("DatabaseSubnetGroup"),
                "VPCSecurityGroups",
                list(Fn.getAtt("DatabaseSecurityGroup", "GroupId"))))
        .retentionPolicy(db.deletionPolicy.name());

    t.resource(
        "ReaderSecret",
        "AWS::SecretsManager::Secret",
        obj(
            "Description",
            "Read-only PostgreSQL login of Grafana for "
                + context.label()
                + "; the converter creates the role with this password",
            "GenerateSecretString",
            obj(
                "SecretStringTemplate",
                "{\"username\":\"" + READER_USERNAME + "\"}",
                "GenerateStringKey",
                "password",
                "PasswordLength",
                32,
                "ExcludePunctuation",
                true)));

    // Here rather than in the dashboard stack: the database is watched with or without Grafana.
    var dimensions = list(obj("Name", "DBInstanceIdentifier", "Value", Fn.ref("Database")));
    t.resource(
        "CpuAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.threshold(
            "Database of " + context.label() + " is busy",
            "AWS/RDS",
            "CPUUtilization",
            dimensions,
            "Average",
            "GreaterThanThreshold",
            HIGH_CPU_PERCENT));
    t.resource(
        "FreeStorageAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.threshold(
            "Database of " + context.label() + " runs out of storage",
            "AWS/RDS",
            "FreeStorageSpace",
            dimensions,
            "Minimum",
            "LessThanThreshold",
            LOW_FREE_STORAGE_BYTES));

    t.output(
            StackOutput.DATABASE_ENDPOINT.key(),
            Fn.getAtt("Database", "Endpoint.Address"),
            "Host name of the PostgreSQL database.")
        .output(
            StackOutput.DATABASE_PORT.key(),
            Fn.getAtt("Database", "Endpoint.Port"),
            "Port of the PostgreSQL database.")
        .output(
            StackOutput.DATABASE_SECRET_ARN.key(),
            Fn.getAtt("Database", "MasterUserSecret.SecretArn"),
            "Secret (managed by RDS) with the master credentials.")
        .output(
            StackOutput.DATABASE_INSTANCE_ID.key(),
            Fn.ref("Database"),
            "DB instance identifier, for metrics and alarms.")
        .output(
            StackOutput.DATABASE_READER_SECRET_ARN.key(),
            Fn.ref("ReaderSecret"),
            "Secret with Grafana's read-only credentials.")
        .output(
            StackOutput.CONVERTER_SECURITY_GROUP_ID.key(),
            Fn.getAtt("ConverterSecurityGroup", "GroupId"),
            "Security group of the converter Lambda.");
    if (context.dashboardEnabled()) {
      t.output(
          StackOutput.DASHBOARD_SECURITY_GROUP_ID.key(),
          Fn.getAtt("DashboardSecurityGroup", "GroupId"),
          "Security group of the Grafana tasks.");
    }
    return stack.build(context);
  }
}
