package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.operator.controller.SpecValidator;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ValidatorsTest {

  private static DataPipeline read(Path file) throws IOException {
    return Serialization.unmarshal(Files.readString(file), DataPipeline.class);
  }

  @Test
  void examplesPass() throws IOException {
    SpecValidator validator = Validators.standard();
    try (var files = Files.list(Path.of("../crds/examples"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).toList()) {
        assertThat(validator.problem(read(file))).as(file.toString()).isEmpty();
      }
    }
  }

  @Test
  void invalidSpecIsReportedWithItsField() throws IOException {
    DataPipeline pipeline =
        read(Path.of("src/test/resources/invalid-manifests/rule-max-tasks-below-min-tasks.yaml"));

    assertThat(Validators.standard().problem(pipeline))
        .hasValueSatisfying(m -> assertThat(m).contains("spec.dashboard.maxTasks"));
  }

  @Test
  void theOperatorsOwnStatusIsNotJudged() throws IOException {
    DataPipeline pipeline = read(Path.of("../crds/examples/minimal.yaml"));
    pipeline.setStatus(new DataPipelineStatus());
    pipeline.getStatus().observedGeneration = 4L;

    assertThat(Validators.standard().problem(pipeline)).isEmpty();
  }
}
