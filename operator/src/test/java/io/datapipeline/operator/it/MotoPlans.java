package io.datapipeline.operator.it;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Small plans of real resources moto's CloudFormation deploys (SSM parameter, DynamoDB table, SQS
 * queue, S3 bucket), wired like the product's plan: database and table first, the "converter" fed
 * by their outputs, storage fed by the converter's. The spec's converter memory reaches only the
 * converter stack, so an edit of it must change that stack alone.
 */
final class MotoPlans {

  /** These stacks create no IAM resources, so they acknowledge no capability. */
  private static final Set<String> NO_CAPABILITIES = Set.of();

  private MotoPlans() {}

  static StackPlan plan(DataPipeline p) {
    String name = p.getMetadata().getNamespace() + "-" + p.getMetadata().getName();
    String memory = String.valueOf(p.getSpec().converter.memoryMiB);
    return new StackPlan(
        List.of(
            TestPlans.templateStack(
                p,
                Component.DATABASE,
                Map.of(),
                List.of(),
                NO_CAPABILITIES,
                """
                {"Resources":{"Endpoint":{"Type":"AWS::SSM::Parameter","Properties":{
                  "Name":"/datapipeline/%s/endpoint","Type":"String","Value":"db.%s.internal"}}},
                 "Outputs":{"DatabaseEndpoint":{"Value":"db.%s.internal"},
                  "DatabasePort":{"Value":"5432"},
                  "DatabaseSecretArn":{"Value":{"Fn::Sub":
                    "arn:aws:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:%s-db"}}}}
                """
                    .formatted(name, name, name, name)
                    .strip()),
            TestPlans.templateStack(
                p,
                Component.TABLE,
                Map.of(),
                List.of(),
                NO_CAPABILITIES,
                """
                {"Resources":{"Table":{"Type":"AWS::DynamoDB::Table",
                  "DeletionPolicy":"Retain","UpdateReplacePolicy":"Retain","Properties":{
                  "TableName":"%s-rows","BillingMode":"PAY_PER_REQUEST",
                  "AttributeDefinitions":[{"AttributeName":"id","AttributeType":"S"}],
                  "KeySchema":[{"AttributeName":"id","KeyType":"HASH"}]}}},
                 "Outputs":{"TableName":{"Value":{"Ref":"Table"}}}}
                """
                    .formatted(name)
                    .strip()),
            TestPlans.templateStack(
                p,
                Component.CONVERTER,
                TestPlans.converterParameters(memory),
                List.of(Component.DATABASE, Component.TABLE),
                NO_CAPABILITIES,
                """
                {"Parameters":{"MemoryMiB":{"Type":"String"},"DatabaseEndpoint":{"Type":"String"},
                  "TableName":{"Type":"String"}},
                 "Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{
                  "QueueName":"%s-failures",
                  "Tags":[{"Key":"memory","Value":{"Ref":"MemoryMiB"}},
                          {"Key":"table","Value":{"Ref":"TableName"}}]}}},
                 "Outputs":{"ConverterFunctionArn":{"Value":{"Fn::GetAtt":["Queue","Arn"]}},
                  "FailureQueueArn":{"Value":{"Fn::GetAtt":["Queue","Arn"]}}}}
                """
                    .formatted(name)
                    .strip()),
            TestPlans.templateStack(
                p,
                Component.STORAGE,
                Map.of(
                    "ConverterFunctionArn",
                    ParameterValue.fromOutput(StackOutput.CONVERTER_FUNCTION_ARN)),
                List.of(Component.CONVERTER),
                NO_CAPABILITIES,
                """
                {"Parameters":{"ConverterFunctionArn":{"Type":"String"}},
                 "Resources":{"Bucket":{"Type":"AWS::S3::Bucket","Properties":{
                  "BucketName":"dp-%s-bucket",
                  "Tags":[{"Key":"converter","Value":{"Ref":"ConverterFunctionArn"}}]}}},
                 "Outputs":{"BucketName":{"Value":{"Ref":"Bucket"}}}}
                """
                    .formatted(name)
                    .strip())),
        Map.of());
  }

  /**
   * The ECS cluster of {@link #planWithEcsDashboard}'s dashboard ({@code dp-}, as the product's).
   */
  static String dashboardCluster(DataPipeline p) {
    return "dp-" + p.getMetadata().getNamespace() + "-" + p.getMetadata().getName() + "-dash";
  }

  /**
   * {@link #plan} plus a dashboard stack with a real ECS cluster, Fargate task definition and
   * service "grafana" (desired count 1) in moto, whose outputs name them as the product's do.
   */
  static StackPlan planWithEcsDashboard(DataPipeline p) {
    String cluster = dashboardCluster(p);
    return withDashboard(
        p,
        """
        {"Parameters":{"DatabaseEndpoint":{"Type":"String"}},
         "Resources":{
          "Cluster":{"Type":"AWS::ECS::Cluster","Properties":{"ClusterName":"%s"}},
          "Task":{"Type":"AWS::ECS::TaskDefinition","Properties":{"Family":"%s-grafana",
           "RequiresCompatibilities":["FARGATE"],"NetworkMode":"awsvpc","Cpu":"256",
           "Memory":"512","ContainerDefinitions":[{"Name":"grafana",
           "Image":"grafana/grafana:11.0.0","Essential":true}]}},
          "Service":{"Type":"AWS::ECS::Service","Properties":{"ServiceName":"grafana",
           "Cluster":{"Ref":"Cluster"},"TaskDefinition":{"Ref":"Task"},"DesiredCount":1,
           "LaunchType":"FARGATE"}}},
         "Outputs":{"EcsClusterName":{"Value":"%s"},"EcsServiceName":{"Value":"grafana"},
          "DashboardUrl":{"Value":"http://grafana.%s.example"}}}
        """
            .formatted(cluster, cluster, cluster, cluster));
  }

  /** {@link #plan} plus a "dashboard" stack (an SSM parameter) while dashboard.enabled. */
  static StackPlan planWithOptionalDashboard(DataPipeline p) {
    if (!Boolean.TRUE.equals(p.getSpec().dashboard.enabled)) {
      return plan(p);
    }
    String name = p.getMetadata().getNamespace() + "-" + p.getMetadata().getName();
    return withDashboard(
        p,
        """
        {"Parameters":{"DatabaseEndpoint":{"Type":"String"}},
         "Resources":{"Url":{"Type":"AWS::SSM::Parameter","Properties":{
          "Name":"/datapipeline/%s/dashboard","Type":"String",
          "Value":{"Ref":"DatabaseEndpoint"}}}},
         "Outputs":{"DashboardUrl":{"Value":"http://grafana.%s.example"}}}
        """
            .formatted(name, name));
  }

  /** {@link #plan} plus a dashboard stack of {@code template}, after the database. */
  private static StackPlan withDashboard(DataPipeline p, String template) {
    StackPlan plan = plan(p);
    List<StackSpec> stacks = new ArrayList<>(plan.stacks());
    stacks.add(
        TestPlans.templateStack(
            p,
            Component.DASHBOARD,
            TestPlans.dashboardParameters(),
            List.of(Component.DATABASE),
            NO_CAPABILITIES,
            template.strip()));
    return new StackPlan(stacks, plan.artifacts());
  }
}
