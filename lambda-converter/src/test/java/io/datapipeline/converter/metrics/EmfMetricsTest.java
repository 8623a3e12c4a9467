package io.datapipeline.converter.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.converter.load.FileMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EmfMetricsTest {

  @Test
  void writesOneEmbeddedMetricFormatLineWithTheContractNames() throws Exception {
    String line =
        new EmfMetrics(System.out)
            .line(
                "team-a/orders",
                "bucket",
                "incoming/a.csv",
                new FileMetrics(true, 10, 2, 1234, 0.5, 0.25, 0.125, 0.0625, 1.0),
                1_700_000_000_000L);
    assertThat(line).doesNotContain("\n");
    JsonNode root = new ObjectMapper().readTree(line);
    JsonNode directive = root.at("/_aws/CloudWatchMetrics/0");
    assertThat(root.at("/_aws/Timestamp").asLong()).isEqualTo(1_700_000_000_000L);
    assertThat(directive.get("Namespace").asText()).isEqualTo("DataPipeline/Converter");
    assertThat(directive.at("/Dimensions/0/0").asText()).isEqualTo("Pipeline");
    assertThat(directive.at("/Dimensions/0").size()).isEqualTo(1);
    List<String> declared = new ArrayList<>();
    directive
        .get("Metrics")
        .forEach(m -> declared.add(m.get("Name").asText() + ":" + m.get("Unit").asText()));
    assertThat(declared)
        .containsExactly(
            "FilesSucceeded:Count",
            "FilesFailed:Count",
            "RowsLoaded:Count",
            "RowsRejected:Count",
            "BytesRead:Bytes",
            "ParseSeconds:Seconds",
            "PostgresSeconds:Seconds",
            "DynamoDbSeconds:Seconds",
            "UploadSeconds:Seconds",
            "TotalSeconds:Seconds");
    Map<String, Number> values =
        Map.of(
            "FilesSucceeded",
            1,
            "FilesFailed",
            0,
            "RowsLoaded",
            10,
            "RowsRejected",
            2,
            "BytesRead",
            1234,
            "ParseSeconds",
            0.5,
            "PostgresSeconds",
            0.25,
            "DynamoDbSeconds",
            0.125,
            "UploadSeconds",
            0.0625,
            "TotalSeconds",
            1.0);
    values.forEach(
        (name, value) ->
            assertThat(root.get(name).asDouble()).as(name).isEqualTo(value.doubleValue()));
    assertThat(root.get("Pipeline").asText()).isEqualTo("team-a/orders");
  }
}
