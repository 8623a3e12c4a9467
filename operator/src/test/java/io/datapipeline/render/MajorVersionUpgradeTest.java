package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * AllowMajorVersionUpgrade is set for exactly the change that is a major engine upgrade: the spec's
 * major version above the one deployed (the pipeline's status.databaseEngineVersion).
 */
class MajorVersionUpgradeTest {

  record Row(String deployed, String wanted, boolean allowed) {
    @Override
    public String toString() {
      return (deployed == null ? "nothing deployed" : deployed)
          + " -> "
          + wanted
          + (allowed ? ": allowed" : ": not allowed");
    }
  }

  static Stream<Row> rows() {
    return Stream.of(
        new Row(null, "17.6", false),
        new Row("17.6", "17.6", false),
        new Row("17.2", "17.6", false),
        new Row("16.9", "17.6", true),
        new Row("16.9", "18.1", true),
        new Row("not-a-version", "17.6", false));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void onlyAMajorUpgradeAllowsOne(Row row) throws Exception {
    DataPipeline p = Examples.load("minimal");
    p.getMetadata().setUid("uid-1");
    p.getSpec().database.engineVersion = row.wanted();
    if (row.deployed() != null) {
      p.setStatus(new DataPipelineStatus());
      p.getStatus().databaseEngineVersion = row.deployed();
    }

    StackSpec database =
        new PipelineRenderer(Examples.DEFAULTS)
            .render(p).stacks().stream()
                .filter(s -> s.component() == Component.DATABASE)
                .findFirst()
                .orElseThrow();

    assertThat(
            CanonicalJson.mapper()
                .readTree(database.templateBody())
                .at("/Resources/Database/Properties/AllowMajorVersionUpgrade")
                .asBoolean())
        .isEqualTo(row.allowed());
  }
}
