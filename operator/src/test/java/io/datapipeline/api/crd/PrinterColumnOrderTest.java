package io.datapipeline.api.crd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.validation.CommittedCrds;
import java.io.IOException;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

class PrinterColumnOrderTest {

  static final String GENERATED =
      """
      spec:
        versions:
        - additionalPrinterColumns:
          - jsonPath: ".a"
            name: "Age"
            type: "date"
          - jsonPath: ".r"
            name: "Ready"
            type: "string"
          name: "v1"
          served: true
      """;

  @Test
  void putsTheColumnsInTheDeclaredOrderAndLeavesTheRestAlone() {
    String yaml = GENERATED.stripIndent();
    assertThat(PrinterColumnOrder.reorder(yaml, List.of("Ready", "Age")))
        .isEqualTo(
            """
            spec:
              versions:
              - additionalPrinterColumns:
                - jsonPath: ".r"
                  name: "Ready"
                  type: "string"
                - jsonPath: ".a"
                  name: "Age"
                  type: "date"
                name: "v1"
                served: true
            """);
    assertThat(PrinterColumnOrder.reorder(yaml, List.of("Age", "Ready"))).isEqualTo(yaml);
  }

  @Test
  void refusesColumnsTheClassDoesNotDeclareOrTheCrdLacks() {
    assertThatThrownBy(() -> PrinterColumnOrder.reorder(GENERATED, List.of("Ready")))
        .hasMessageContaining("the CRD has 2 printer columns, the class declares [Ready]");
    assertThatThrownBy(
            () -> PrinterColumnOrder.reorder(GENERATED, List.of("Ready", "Age", "Bucket")))
        .hasMessageContaining("printer column 'Bucket': 0 entries in the CRD, expected 1");
  }

  @Test
  void kubectlGetPrintsReadyReasonBucketDashboardAge() throws IOException {
    JsonNode crd = CommittedCrds.dataPipelines();
    List<String> names =
        StreamSupport.stream(
                crd.at("/spec/versions/0/additionalPrinterColumns").spliterator(), false)
            .map(column -> column.path("name").asText())
            .toList();
    assertThat(names).containsExactly("Ready", "Reason", "Bucket", "Dashboard", "Age");
  }
}
