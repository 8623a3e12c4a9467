package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.api.model.DefaultKubernetesResourceList;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TolerantReadingTest {

  private final KubernetesSerialization serialization =
      new KubernetesSerialization(TolerantReading.mapper(), true);

  @Test
  void aPipelineWithValuesTheModelCannotHoldIsReadMarkedAndRefusedByTheValidator() {
    String json =
        """
        {"apiVersion": "datapipeline.io/v1alpha1", "kind": "DataPipeline",
         "metadata": {"name": "weather", "namespace": "tenant-a"},
         "spec": {"aws": {"region": "eu-west-1"},
                  "ingest": {"onRename": "RemoveRows"},
                  "schema": {"columns": [{"name": "a", "type": "integer"}]}}}
        """;

    DataPipeline pipeline = serialization.unmarshal(json, DataPipeline.class);

    assertThat(pipeline.getMetadata().getName()).isEqualTo("weather");
    String mark = pipeline.getMetadata().getAnnotations().get(TolerantReading.UNREADABLE);
    assertThat(mark)
        .contains("spec.ingest.onRename: unknown field")
        .contains("spec.schema.columns[0].type: cannot read \"integer\"");
    Optional<String> problem = Validators.standard().problem(pipeline);
    assertThat(problem).contains(mark);
  }

  @Test
  void aListWithOneUnreadablePipelineStillYieldsEveryPipeline() {
    String list =
        """
        {"apiVersion": "datapipeline.io/v1alpha1", "kind": "DataPipelineList", "items": [
          {"apiVersion": "datapipeline.io/v1alpha1", "kind": "DataPipeline",
           "metadata": {"name": "good"}, "spec": {"aws": {"region": "eu-west-1"}}},
          {"apiVersion": "datapipeline.io/v1alpha1", "kind": "DataPipeline",
           "metadata": {"name": "bad"}, "spec": {"aws": {"region": "eu-west-1"},
           "database": {"deletionPolicy": "Sometimes"}}}]}
        """;

    // As the informer lists them: a typed list of the resource class.
    var pipelines =
        serialization
            .unmarshal(
                new ByteArrayInputStream(list.getBytes(StandardCharsets.UTF_8)),
                new TypeReference<DefaultKubernetesResourceList<DataPipeline>>() {})
            .getItems();

    assertThat(pipelines).hasSize(2);
    DataPipeline good = pipelines.get(0);
    DataPipeline bad = pipelines.get(1);
    assertThat(good.getMetadata().getAnnotations()).isNullOrEmpty();
    assertThat(bad.getMetadata().getAnnotations().get(TolerantReading.UNREADABLE))
        .contains("spec.database.deletionPolicy: cannot read \"Sometimes\"");
  }
}
