package io.datapipeline.converter.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/contracts.md's "Converter configuration" table is exactly the declaration. */
class ConverterSettingDocsTest {

  private static final String HEADING = "## Converter configuration";

  @Test
  void contractsTableListsEverySettingWithItsDefaultAndMeaning() throws IOException {
    List<String> documented = tableRows(section(Files.readString(contracts())));

    assertThat(documented)
        .as(
            "docs/contracts.md \"Converter configuration\" is stale; replace its table rows with:%n%s",
            String.join("\n", expectedRows()))
        .containsExactlyElementsOf(expectedRows());
  }

  @Test
  void readFallsBackToTheDefaultWhenUnsetOrBlank() {
    assertThat(ConverterSetting.DB_PORT.read(Map.of())).isEqualTo("5432");
    assertThat(ConverterSetting.DB_PORT.read(Map.of("DB_PORT", "  "))).isEqualTo("5432");
    assertThat(ConverterSetting.DB_PORT.read(Map.of("DB_PORT", "6432"))).isEqualTo("6432");
    assertThat(ConverterSetting.DB_HOST.read(Map.of())).isNull();
  }

  /** One Markdown row per setting: name, default, meaning. */
  static List<String> expectedRows() {
    List<String> rows = new ArrayList<>();
    for (ConverterSetting setting : ConverterSetting.values()) {
      rows.add(
          "| `"
              + setting.variable()
              + "` | "
              + setting.defaultValue().map(d -> "`" + d + "`").orElse("")
              + " | "
              + setting.description()
              + " |");
    }
    return rows;
  }

  private static List<String> tableRows(String section) {
    List<String> rows = new ArrayList<>();
    for (String line : section.split("\n")) {
      if (line.startsWith("| `")) {
        rows.add(line.strip());
      }
    }
    return rows;
  }

  private static String section(String contracts) {
    int start = contracts.indexOf(HEADING);
    assertThat(start).as("docs/contracts.md has a section %s", HEADING).isNotNegative();
    int end = contracts.indexOf("\n## ", start + HEADING.length());
    return contracts.substring(start, end < 0 ? contracts.length() : end);
  }

  private static Path contracts() {
    String configured = System.getProperty("repository.root");
    Path root = Path.of(configured != null ? configured : "..").toAbsolutePath().normalize();
    return root.resolve("docs/contracts.md");
  }
}
