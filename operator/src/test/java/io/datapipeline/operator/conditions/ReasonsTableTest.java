package io.datapipeline.operator.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.testing.GeneratedDocs;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** docs/operator.md lists every condition type and every reason exactly as the enums declare. */
class ReasonsTableTest {

  static String reasons() {
    return GeneratedDocs.table(
        List.of("reason", "on", "meaning", "what to do"),
        List.of(Reason.values()),
        r ->
            List.of(
                "`" + r.id() + "`",
                switch (r.use()) {
                  case CONDITION -> "condition";
                  case EVENT -> "Event";
                  case BOTH -> "condition, Event";
                },
                r.meaning(),
                r.action()));
  }

  static String conditionTypes() {
    return GeneratedDocs.table(
        List.of("type", "reports on"),
        List.of(ConditionType.values()),
        t ->
            List.of(
                "`" + t.id() + "`",
                t.component().map(c -> "the `" + c.id() + "` stack").orElse("the pipeline")));
  }

  @Test
  void docsListEveryReason() throws IOException {
    GeneratedDocs.check("operator.md", "reasons", reasons());
  }

  @Test
  void docsListEveryConditionType() throws IOException {
    GeneratedDocs.check("operator.md", "condition types", conditionTypes());
  }

  @Test
  void reasonsAreCamelCaseAndDistinct() {
    assertThat(Arrays.stream(Reason.values()).map(Reason::id))
        .doesNotHaveDuplicates()
        .allMatch(id -> id.matches("[A-Z][A-Za-z]+"));
    assertThat(Reason.CLOUD_FORMATION_REJECTED.id()).isEqualTo("CloudFormationRejected");
    assertThat(Reason.fromId("AwsUnavailable")).contains(Reason.AWS_UNAVAILABLE);
    assertThat(Arrays.stream(Reason.values()))
        .allSatisfy(r -> assertThat(r.meaning()).as(r.id()).isNotBlank())
        .allSatisfy(r -> assertThat(r.action()).as(r.id()).isNotBlank());
  }
}
