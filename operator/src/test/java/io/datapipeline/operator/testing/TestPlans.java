package io.datapipeline.operator.testing;

import io.datapipeline.api.v1alpha1.AwsSpec;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import io.datapipeline.api.v1alpha1.NetworkSpec;
import io.datapipeline.api.v1alpha1.SchemaSpec;
import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Tiny plans with the real plan's shape (database and table first, converter fed by their outputs,
 * storage fed by the converter's), for tests of the operator that do not need real templates.
 */
public final class TestPlans {

  private TestPlans() {}

  public static DataPipeline pipeline(String namespace, String name, String uid) {
    DataPipeline p = new DataPipeline();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName(name)
            .withUid(uid)
            .withGeneration(1L)
            .build());
    DataPipelineSpec spec = new DataPipelineSpec();
    spec.aws = new AwsSpec();
    spec.aws.region = "eu-west-1";
    spec.network = new NetworkSpec();
    spec.schema = new SchemaSpec();
    p.setSpec(spec);
    return p;
  }

  public static String stackName(DataPipeline p, Component c) {
    return "dp-" + p.getMetadata().getNamespace() + "-" + p.getMetadata().getName() + "-" + c.id();
  }

  /** database + table -> converter -> storage; {@code memory} feeds the converter's parameters. */
  public static StackPlan plan(DataPipeline p, String memory) {
    return new StackPlan(
        List.of(
            stack(
                p,
                Component.DATABASE,
                Map.of("InstanceClass", ParameterValue.literal("db.t4g.micro")),
                List.of(),
                outputs("DatabaseEndpoint", "db.example.internal", "DatabasePort", "5432")),
            stack(
                p,
                Component.TABLE,
                Map.of(),
                List.of(),
                outputs("TableName", p.getMetadata().getName() + "-table")),
            stack(
                p,
                Component.CONVERTER,
                converterParameters(memory),
                List.of(Component.DATABASE, Component.TABLE),
                outputs(
                    "ConverterFunctionArn", "arn:aws:lambda:eu-west-1:123456789012:function:c")),
            stack(
                p,
                Component.STORAGE,
                Map.of(
                    "FunctionArn", ParameterValue.fromOutput(StackOutput.CONVERTER_FUNCTION_ARN)),
                List.of(Component.CONVERTER),
                outputs("BucketName", "dp-" + p.getMetadata().getName() + "-bucket"))),
        Map.of());
  }

  public static StackPlan plan(DataPipeline p) {
    return plan(p, "1024");
  }

  /** The converter stack's parameters: its memory, and the database and table outputs it uses. */
  public static Map<String, ParameterValue> converterParameters(String memory) {
    return Map.of(
        "MemoryMiB", ParameterValue.literal(memory),
        "DatabaseEndpoint", ParameterValue.fromOutput(StackOutput.DATABASE_ENDPOINT),
        "TableName", ParameterValue.fromOutput(StackOutput.TABLE_NAME));
  }

  /** The dashboard stack's parameters: the database endpoint it reads. */
  public static Map<String, ParameterValue> dashboardParameters() {
    return Map.of("DatabaseEndpoint", ParameterValue.fromOutput(StackOutput.DATABASE_ENDPOINT));
  }

  /**
   * The plan with data resources: the database stack holds {@code Db} (an RDS instance named {@code
   * dbIdentifier}: changing it replaces the instance) and the storage stack a bucket, unless {@code
   * withBucket} is false (removing it).
   */
  public static StackPlan planWithData(DataPipeline p, String dbIdentifier, boolean withBucket) {
    StackPlan plain = plan(p);
    List<StackSpec> stacks = new ArrayList<>();
    for (StackSpec s : plain.stacks()) {
      String resources =
          switch (s.component()) {
            case DATABASE ->
                "\"Db\":{\"Type\":\"AWS::RDS::DBInstance\",\"Properties\":{"
                    + "\"DBInstanceIdentifier\":\""
                    + dbIdentifier
                    + "\"}}";
            case STORAGE ->
                withBucket
                    ? "\"Bucket\":{\"Type\":\"AWS::S3::Bucket\"},"
                        + "\"R\":{\"Type\":\"AWS::SSM::Parameter\"}"
                    : "\"R\":{\"Type\":\"AWS::SSM::Parameter\"}";
            default -> null;
          };
      stacks.add(
          resources == null
              ? s
              : s.withTemplateBody(
                  s.templateBody()
                      .replace(
                          "\"Resources\":{\"R\":{\"Type\":\"AWS::SSM::Parameter\"}}",
                          "\"Resources\":{" + resources + "}")));
    }
    return new StackPlan(stacks, plain.artifacts());
  }

  /** {@link #plan(DataPipeline)} plus a dashboard stack (fed by the database) while enabled. */
  public static StackPlan planWithOptionalDashboard(DataPipeline p) {
    StackPlan plan = plan(p);
    if (p.getSpec().dashboard == null || !Boolean.TRUE.equals(p.getSpec().dashboard.enabled)) {
      return plan;
    }
    List<StackSpec> stacks = new ArrayList<>(plan.stacks());
    stacks.add(
        stack(
            p,
            Component.DASHBOARD,
            dashboardParameters(),
            List.of(Component.DATABASE),
            outputs("DashboardUrl", "http://grafana.example")));
    return new StackPlan(stacks, plan.artifacts());
  }

  public static StackSpec stack(
      DataPipeline p,
      Component component,
      Map<String, ParameterValue> parameters,
      List<Component> dependsOn,
      String outputsJson) {
    StringBuilder params = new StringBuilder();
    for (String name : new TreeMap<>(parameters).keySet()) {
      params
          .append(params.length() == 0 ? "" : ",")
          .append("\"" + name + "\":{\"Type\":\"String\"}");
    }
    String template =
        "{\"Parameters\":{"
            + params
            + "},\"Resources\":{\"R\":{\"Type\":\"AWS::SSM::Parameter\"}},\"Outputs\":{"
            + outputsJson
            + "}}";
    return templateStack(p, component, parameters, dependsOn, Set.of("CAPABILITY_IAM"), template);
  }

  /** The pipeline's stack of {@code component} with {@code template}, named and tagged as ours. */
  public static StackSpec templateStack(
      DataPipeline p,
      Component component,
      Map<String, ParameterValue> parameters,
      List<Component> dependsOn,
      Set<String> capabilities,
      String template) {
    return new StackSpec(
        component,
        stackName(p, component),
        template,
        new TreeMap<>(parameters),
        tags(p, component),
        dependsOn,
        capabilities);
  }

  public static Map<String, String> tags(DataPipeline p, Component component) {
    Map<String, String> tags = new LinkedHashMap<>();
    tags.put("datapipeline.io/namespace", p.getMetadata().getNamespace());
    tags.put("datapipeline.io/name", p.getMetadata().getName());
    tags.put("datapipeline.io/uid", p.getMetadata().getUid());
    tags.put("datapipeline.io/component", component.id());
    return tags;
  }

  private static String outputs(String... keyValues) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < keyValues.length; i += 2) {
      out.append(i == 0 ? "" : ",")
          .append("\"" + keyValues[i] + "\":{\"Value\":\"" + keyValues[i + 1] + "\"}");
    }
    return out.toString();
  }
}
