package io.datapipeline.render.moto;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.render.Component;
import io.datapipeline.render.Examples;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import io.datapipeline.standins.moto.MotoTemplateAdapter;
import org.junit.jupiter.api.Test;

class MotoTemplateAdapterTest {

  private static StackSpec stack(String example, Component component) {
    return Examples.render(example).stacks().stream()
        .filter(s -> s.component() == component)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void leavesTemplatesWithoutUnsupportedConstructsUnchanged() throws Exception {
    for (Component component : new Component[] {Component.TABLE, Component.STORAGE}) {
      StackSpec stack = stack("minimal", component);
      MotoTemplateAdapter.Result result = MotoTemplateAdapter.adapt(stack.templateBody());
      assertThat(result.applied()).isEmpty();
      // Same JSON document; the adapter's layout differs from CanonicalJson's, which moto ignores.
      assertThat(CanonicalJson.mapper().readTree(result.templateBody()))
          .isEqualTo(CanonicalJson.mapper().readTree(stack.templateBody()));
    }
  }

  @Test
  void rewritesOnlyTheListedGapsOfTheDatabaseStack() throws Exception {
    String original = stack("minimal", Component.DATABASE).templateBody();
    MotoTemplateAdapter.Result result = MotoTemplateAdapter.adapt(original);

    assertThat(result.applied())
        .containsExactlyInAnyOrder(
            MotoTemplateAdapter.SECRET_STAND_IN,
            MotoTemplateAdapter.MASTER_SECRET_ARN,
            MotoTemplateAdapter.DB_INSTANCE_IDENTIFIER);
    JsonNode adapted = CanonicalJson.mapper().readTree(result.templateBody());
    assertThat(adapted.at("/Resources/ReaderSecret/Type").asText())
        .isEqualTo("AWS::SSM::Parameter");
    assertThat(adapted.at("/Outputs/DatabaseSecretArn/Value/Fn::Sub").asText())
        .contains("secretsmanager");
    JsonNode before = CanonicalJson.mapper().readTree(original);
    assertThat(before.at("/Resources/Database/Properties").has("DBInstanceIdentifier")).isFalse();
    assertThat(
            adapted.at("/Resources/Database/Properties/DBInstanceIdentifier/Fn::Join").toString())
        .isEqualTo(
            "[\"\",[\"db-\",{\"Fn::Select\":[2,{\"Fn::Split\":[\"/\",{\"Ref\":\"AWS::StackId\"}]}]}]]");
    // Everything else of the instance as rendered.
    ((ObjectNode) adapted.at("/Resources/Database/Properties")).remove("DBInstanceIdentifier");
    assertThat(adapted.at("/Resources/Database")).isEqualTo(before.at("/Resources/Database"));
    assertThat(original).as("the production template is not touched").contains("MasterUserSecret");
  }

  @Test
  void dashboardNeedsTheTargetGroupNameAndSecretRewrites() {
    assertThat(
            MotoTemplateAdapter.adapt(stack("minimal", Component.DASHBOARD).templateBody())
                .applied())
        .containsExactlyInAnyOrder(
            MotoTemplateAdapter.SECRET_STAND_IN, MotoTemplateAdapter.TARGET_GROUP_FULL_NAME);
  }
}
