package io.datapipeline.operator.conditions;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.testing.GeneratedDocs;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** docs/operator.md lists every condition type and every reason exactly as the enums declare. */
class ReasonsTableTest {

  static String reasons() {
    StringBuilder md = new StringBuilder();
    md.append("| reason | on | meaning | what to do |\n");
    md.append("| --- | --- | --- | --- |\n");
    for (Reason r : Reason.values()) {
      md.append("| `")
          .append(r.id())
          .append("` | ")
          .append(
              switch (r.use()) {
                case CONDITION -> "condition";
                case EVENT -> "Event";
                case BOTH -> "condition, Event";
              })
          .append(" | ")
          .append(r.meaning())
          .append(" | ")
          .append(r.action())
          .append(" |\n");
    }
    return md.toString();
  }

  static String conditionTypes() {
    StringBuilder md = new StringBuilder();
    md.append("| type | reports on |\n");
    md.append("| --- | --- |\n");
    for (ConditionType t : ConditionType.values()) {
      md.append("| `")
          .append(t.id())
          .append("` | ")
          .append(t.component().map(c -> "the `" + c.id() + "` stack").orElse("the pipeline"))
          .append(" |\n");
    }
    return md.toString();
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
