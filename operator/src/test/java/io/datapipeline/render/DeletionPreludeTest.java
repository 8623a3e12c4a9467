package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DatabaseSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the update before a delete changes in a database template, per deletion policy. */
class DeletionPreludeTest {

  static String databaseTemplate(DatabaseSpec.DeletionPolicy policy) {
    DataPipeline p = Examples.load("minimal");
    p.getSpec().database.deletionPolicy = policy;
    return new PipelineRenderer(Examples.DEFAULTS)
        .render(p.getSpec(), Examples.identity(p)).stacks().stream()
            .filter(s -> s.component() == Component.DATABASE)
            .findFirst()
            .orElseThrow()
            .templateBody();
  }

  @Test
  void snapshotPolicyTurnsDeletionProtectionOffAndChangesNothingElse() throws Exception {
    String deployed = databaseTemplate(DatabaseSpec.DeletionPolicy.Snapshot);

    String before = DeletionPrelude.unprotected(deployed).orElseThrow();

    JsonNode was = CanonicalJson.mapper().readTree(deployed);
    JsonNode now = CanonicalJson.mapper().readTree(before);
    assertThat(was.at("/Resources/Database/Properties/DeletionProtection").asBoolean()).isTrue();
    assertThat(now.at("/Resources/Database/Properties/DeletionProtection").asBoolean()).isFalse();
    assertThat(now.at("/Resources/Database/DeletionPolicy").asText()).isEqualTo("Snapshot");
    ((ObjectNode) now.at("/Resources/Database/Properties")).put("DeletionProtection", true);
    assertThat(now).as("nothing but DeletionProtection changes").isEqualTo(was);
    assertThat(DeletionPrelude.snapshotted(deployed))
        .containsExactly(Map.entry("Database", "AWS::RDS::DBInstance"));
  }

  @Test
  void theUpdatedTemplateNeedsNoFurtherUpdate() {
    String before =
        DeletionPrelude.unprotected(databaseTemplate(DatabaseSpec.DeletionPolicy.Snapshot))
            .orElseThrow();

    assertThat(DeletionPrelude.unprotected(before)).isEmpty();
    assertThat(DeletionPrelude.snapshotted(before)).containsKey("Database");
  }

  @Test
  void retainKeepsItsProtectionAndDeleteHasNone() {
    assertThat(DeletionPrelude.unprotected(databaseTemplate(DatabaseSpec.DeletionPolicy.Retain)))
        .as("CloudFormation skips a retained instance; it stays protected")
        .isEmpty();
    assertThat(DeletionPrelude.unprotected(databaseTemplate(DatabaseSpec.DeletionPolicy.Delete)))
        .isEmpty();
    assertThat(DeletionPrelude.snapshotted(databaseTemplate(DatabaseSpec.DeletionPolicy.Retain)))
        .isEmpty();
  }
}
