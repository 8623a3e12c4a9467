package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SmallPlansTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void keepsEveryStackItsParametersAndOutputKeysWithOneResourceEach() throws Exception {
    String template =
        """
        {"Parameters": {"TableName": {"Type": "String"}, "VpcId": {"Type": "String"}},
         "Resources": {
           "Function": {"Type": "AWS::Lambda::Function", "Properties": {"Role": "r"}},
           "Queue": {"Type": "AWS::SQS::Queue"}},
         "Outputs": {
           "ConverterFunctionArn": {"Value": {"Fn::GetAtt": ["Function", "Arn"]}},
           "DatabasePort": {"Value": {"Fn::GetAtt": ["Database", "Endpoint.Port"]}},
           "TableName": {"Value": {"Ref": "TableName"}},
           "FailureQueueName": {"Value": {"Fn::GetAtt": ["Queue", "QueueName"]}}}}
        """;
    StackSpec stack = MotoTemplatesTest.stack(Component.CONVERTER, template);
    StackPlan plan = new StackPlan(List.of(stack), Map.of("schemas/a.json", "{}"));

    StackPlan small = SmallPlans.shrink(plan, 54321);

    StackSpec only = small.stacks().get(0);
    assertThat(only).usingRecursiveComparison().ignoringFields("templateBody").isEqualTo(stack);
    assertThat(small.artifacts()).isEqualTo(plan.artifacts());
    JsonNode body = JSON.readTree(only.templateBody());
    assertThat(body.get("Parameters")).isEqualTo(JSON.readTree(template).get("Parameters"));
    assertThat(body.get("Resources").size()).isEqualTo(1);
    assertThat(body.at("/Resources/Marker/Type").asText()).isEqualTo("AWS::SSM::Parameter");
    assertThat(body.at("/Resources/Marker/Properties/Name").asText())
        .isEqualTo("/datapipeline-small/dp-ns-name-converter");
    JsonNode outputs = body.get("Outputs");
    assertThat(outputs.at("/TableName/Value/Ref").asText())
        .as("a parameter passed through stays a Ref")
        .isEqualTo("TableName");
    assertThat(outputs.at("/DatabasePort/Value").asText()).isEqualTo("54321");
    assertThat(outputs.at("/ConverterFunctionArn/Value").asText())
        .isEqualTo(
            "arn:aws:small:eu-west-1:123456789012:dp-ns-name-converter/ConverterFunctionArn");
    assertThat(outputs.at("/FailureQueueName/Value").asText())
        .isEqualTo("dp-ns-name-converter-failurequeuename");
  }
}
