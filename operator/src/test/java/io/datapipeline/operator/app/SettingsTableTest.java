package io.datapipeline.operator.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.testing.GeneratedDocs;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The settings table of docs/contracts.md is the catalogue in {@link OperatorConfig#SETTINGS}. */
class SettingsTableTest {

  static String table() {
    return GeneratedDocs.table(
        List.of("variable", "flag", "type", "default", "meaning", "Helm value"),
        OperatorConfig.SETTINGS,
        s ->
            List.of(
                "`" + s.variable() + "`",
                "`" + s.flag() + "`",
                s.type(),
                s.defaultValue() == null
                    ? "-"
                    : s.defaultValue() instanceof Set<?>
                        ? s.defaultText()
                        : "`" + s.defaultText() + "`",
                s.description(),
                s.helmValue() != null
                    ? "`" + s.helmValue() + "`"
                    : "not exposed: " + s.notInChartBecause()));
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
