package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.testing.GeneratedDocs;
import java.io.IOException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings table of docs/contracts.md is the catalogue in {@link OperatorConfig#SETTINGS}. */
class SettingsTableTest {

  static String table() {
    StringBuilder md = new StringBuilder();
    md.append("| variable | flag | type | default | meaning | Helm value |\n");
    md.append("| --- | --- | --- | --- | --- | --- |\n");
    for (Setting<?> s : OperatorConfig.SETTINGS) {
      md.append("| `")
          .append(s.variable())
          .append("` | `")
          .append(s.flag())
          .append("` | ")
          .append(s.type())
          .append(" | ")
          .append(
              s.defaultValue() == null
                  ? "-"
                  : s.defaultValue() instanceof Set<?>
                      ? s.defaultText()
                      : "`" + s.defaultText() + "`")
          .append(" | ")
          .append(s.description())
          .append(" | ")
          .append(
              s.helmValue() != null
                  ? "`" + s.helmValue() + "`"
                  : "not exposed: " + s.notInChartBecause())
          .append(" |\n");
    }
    return md.toString();
  }

  @Test
  void contractsListEverySettingAsDeclared() throws IOException {
    GeneratedDocs.check("contracts.md", "operator settings", table());
  }

  @Test
  void everySettingIsInTheChartOrSaysWhyNot() {
    assertThat(OperatorConfig.SETTINGS)
        .allSatisfy(
            s ->
                assertThat(s.helmValue() != null ^ s.notInChartBecause() != null)
                    .as("%s: a Helm value or a reason it has none", s)
                    .isTrue());
  }

  @Test
  void everySettingIsDeclaredOnce() {
    assertThat(OperatorConfig.SETTINGS.stream().map(Setting::variable)).doesNotHaveDuplicates();
  }
}
