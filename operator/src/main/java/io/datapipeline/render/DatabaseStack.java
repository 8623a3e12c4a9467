package io.datapipeline.render;

import static io.datapipeline.render.StackParameters.PRIVATE_SUBNET_IDS;
import static io.datapipeline.render.StackParameters.VPC_ID;
import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.DatabaseSpec;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.List;
import java.util.Locale;

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

  static StackSpec render(RenderContext context) {
    StackBuilder stack =
        new StackBuilder(
                Component.DATABASE,
                context,
                "RDS PostgreSQL and the security groups of its clients")
            .parameter(VPC_ID, context.vpcId())
            .parameter(
                PRIVATE_SUBNET_IDS.describedAs(
                    "Private subnets (two or more Availability Zones) for the database."),
                context.privateSubnetIds());
    Template t = stack.template();
    addSecurityGroups(t, context);
    addInstance(t, context);
    addReaderSecret(t, context);
    addAlarms(t, context.label());
    addOutputs(t, context);
    return stack.build();
  }

  /** The database's group and the groups of its clients, each admitted by a separate rule. */
  private static void addSecurityGroups(Template t, RenderContext context) {
    // Inline rules only where a group references no group that references it back; the
    // database's ingress rules are separate resources, which breaks the cycle.
    t.resource(
        "DatabaseSecurityGroup",
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            "PostgreSQL of " + context.label() + ": only its clients",
            "VpcId",
            VPC_ID.ref(),
            "SecurityGroupEgress",
            list(SecurityGroups.noEgress())));
    addClientGroup(
        t,
        "Converter",
        "Converter Lambda of " + context.label(),
        "HTTPS to S3, DynamoDB and Secrets Manager (endpoints or NAT)");
    if (context.dashboardEnabled()) {
      addClientGroup(
          t,
          "Dashboard",
          "Grafana tasks of "
              + context.label()
              + " (ingress from the load balancer is added by the dashboard stack)",
          "HTTPS to the image registry, Secrets Manager and CloudWatch");
    }
  }

  /**
   * A client's security group ({@code <name>SecurityGroup}): HTTPS out to AWS APIs, PostgreSQL out
   * to the database, and the database's matching ingress rule.
   */
  private static void addClientGroup(
      Template t, String name, String description, String httpsPurpose) {
    String group = name + "SecurityGroup";
    t.resource(
        group,
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            description,
            "VpcId",
            VPC_ID.ref(),
            "SecurityGroupEgress",
            list(
                SecurityGroups.tcpToCidr(Ports.HTTPS, SecurityGroups.ANYWHERE, httpsPurpose),
                SecurityGroups.tcpToGroup(
                    Ports.POSTGRES, Fn.getAtt("DatabaseSecurityGroup", "GroupId"), "PostgreSQL"))));
    t.resource(
        "DatabaseFrom" + name,
        "AWS::EC2::SecurityGroupIngress",
        SecurityGroups.ingressRule(
            Fn.getAtt("DatabaseSecurityGroup", "GroupId"),
            Ports.POSTGRES,
            Fn.getAtt(group, "GroupId"),
            "PostgreSQL from the " + name.toLowerCase(Locale.ROOT)));
  }

  /** The DB instance in the private subnets, its master password managed by RDS. */
  private static void addInstance(Template t, RenderContext context) {
    DatabaseSpec db = context.spec().database;
    t.resource(
        "DatabaseSubnetGroup",
        "AWS::RDS::DBSubnetGroup",
        obj(
            "DBSubnetGroupDescription",
            "Private subnets of " + context.label(),
            "SubnetIds",
            PRIVATE_SUBNET_IDS.ref()));

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
                // RDS performs a major engineVersion change (17 -> 18) only with this; set for
                // exactly that change, so no other update can start a major upgrade (the CRD and
                // the operator refuse a downgrade).
                "AllowMajorVersionUpgrade",
                context.majorEngineUpgrade(),
                "DBSubnetGroupName",
                Fn.ref("DatabaseSubnetGroup"),
                "VPCSecurityGroups",
                list(Fn.getAtt("DatabaseSecurityGroup", "GroupId"))))
        .retentionPolicy(db.deletionPolicy.name());
  }

  /** Grafana's read-only login; the converter creates the role with this password. */
  private static void addReaderSecret(Template t, RenderContext context) {
    t.resource(
        "ReaderSecret",
        "AWS::SecretsManager::Secret",
        Secrets.generatedLogin(
            "Read-only PostgreSQL login of Grafana for "
                + context.label()
                + "; the converter creates the role with this password",
            READER_USERNAME));
  }

  /** Here rather than in the dashboard stack: the database is watched with or without Grafana. */
  private static void addAlarms(Template t, String who) {
    List<Object> dimensions =
        list(obj("Name", "DBInstanceIdentifier", "Value", Fn.ref("Database")));
    t.resource(
        "CpuAlarm",
        "AWS::CloudWatch::Alarm",
        Alarms.threshold(
            "Database of " + who + " is busy",
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
            "Database of " + who + " runs out of storage",
            "AWS/RDS",
            "FreeStorageSpace",
            dimensions,
            "Minimum",
            "LessThanThreshold",
            LOW_FREE_STORAGE_BYTES));
  }

  private static void addOutputs(Template t, RenderContext context) {
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
  }
}
