package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.render.Component;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MotoTemplatesTest {

  @Test
  void rewritesEveryTemplateOfThePlanAndKeepsEverythingElse() {
    String template =
        """
        {"Resources": {
           "ReaderSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {"Name": "x"}},
           "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}}},
         "Outputs": {
           "DatabaseSecretArn": {"Value": {"Fn::GetAtt": ["Database", "MasterUserSecret.SecretArn"]}},
           "DatabasePort": {"Value": {"Fn::GetAtt": ["Database", "Endpoint.Port"]}},
           "TableName": {"Value": {"Ref": "Table"}}}}
        """;
    StackSpec stack = stack(Component.DATABASE, template);
    StackPlan plan = new StackPlan(List.of(stack), Map.of("schemas/a.json", "{}"));

    StackPlan adapted = MotoTemplates.adapt(plan, 54321);

    StackSpec only = adapted.stacks().get(0);
    assertThat(only.templateBody())
        .doesNotContain("AWS::SecretsManager::Secret", "MasterUserSecret")
        .contains("AWS::SSM::Parameter", "AWS::DynamoDB::Table")
        .contains("\"DatabasePort\":{\"Value\":\"54321\"}")
        .doesNotContain("Endpoint.Port");
    assertThat(only).usingRecursiveComparison().ignoringFields("templateBody").isEqualTo(stack);
    assertThat(adapted.artifacts()).isEqualTo(plan.artifacts());
  }

  /** A stack of pipeline ns/name with {@code template}, one parameter, a tag and a capability. */
  static StackSpec stack(Component component, String template) {
    return new StackSpec(
        component,
        "dp-ns-name-" + component.id(),
        template,
        Map.of("VpcId", ParameterValue.literal("vpc-1")),
        Map.of("datapipeline.io/name", "name"),
        List.of(),
        Set.of("CAPABILITY_IAM"));
  }
}
