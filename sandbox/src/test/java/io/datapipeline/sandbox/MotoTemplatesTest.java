package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MotoTemplatesTest {

  @Test
  void replacesSecretsAndTheAttributesMotoCannotResolveAndKeepsEverythingElse() {
    String template =
        """
        {"Resources": {
           "ReaderSecret": {"Type": "AWS::SecretsManager::Secret", "Properties": {"Name": "x"}},
           "Table": {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "t"}}},
         "Outputs": {
           "DatabaseSecretArn": {"Value": {"Fn::GetAtt": ["Database", "MasterUserSecret.SecretArn"]}},
           "TargetGroup": {"Value": {"Fn::GetAtt": ["Tg", "TargetGroupFullName"]}},
           "TableName": {"Value": {"Ref": "Table"}}}}
        """;

    String adapted = MotoTemplates.adapt(template);

    assertThat(adapted)
        .doesNotContain("AWS::SecretsManager::Secret", "MasterUserSecret", "TargetGroupFullName")
        .contains("AWS::SSM::Parameter")
        .contains("secret:rds!${Database}")
        .contains("targetgroup/sandbox-placeholder/Tg")
        .contains("\"TableName\":{\"Value\":{\"Ref\":\"Table\"}}")
        .contains("AWS::DynamoDB::Table");
  }
}
