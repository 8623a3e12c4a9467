package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.List;
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
    StackPlan plan = OneStackPlans.plan(Component.DATABASE, template, List.of());

    StackPlan adapted = MotoTemplates.adapt(plan, 54321);

    StackSpec only = OneStackPlans.assertOnlyTheTemplateChanged(plan, adapted);
    assertThat(only.templateBody())
        .doesNotContain("AWS::SecretsManager::Secret", "MasterUserSecret")
        .contains("AWS::SSM::Parameter", "AWS::DynamoDB::Table")
        .contains("\"DatabasePort\":{\"Value\":\"54321\"}")
        .doesNotContain("Endpoint.Port");
  }
}
