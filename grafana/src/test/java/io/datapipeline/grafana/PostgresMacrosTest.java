package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Expected strings are those of Grafana's own macros_test.go for the PostgreSQL datasource. */
class PostgresMacrosTest {

  private final PostgresMacros macros =
      new PostgresMacros(
          Instant.parse("2018-04-12T18:00:00Z"), Instant.parse("2018-04-12T18:05:00Z"));

  /** SQL with one of Grafana's macros, and what it expands to; each row named for its rule. */
  static Stream<Arguments> expansions() {
    return Stream.of(
        argumentSet(
            "timeFilter becomes BETWEEN the range in UTC",
            "WHERE $__timeFilter(time_column)",
            "WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'"),
        argumentSet(
            "timeGroup becomes floored epoch seconds",
            "GROUP BY $__timeGroup(time_column,'5m')",
            "GROUP BY floor(extract(epoch from time_column)/300)*300"),
        argumentSet(
            "timeGroupAlias becomes floored epoch seconds AS time",
            "SELECT $__timeGroupAlias(time_column, '1h')",
            "SELECT floor(extract(epoch from time_column)/3600)*3600 AS \"time\""),
        argumentSet(
            "timeGroup followed by a comma gets the alias, as in old Grafana",
            "SELECT $__timeGroup(time_column,'5m'), value",
            "SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\", value"),
        argumentSet(
            "timeFrom and timeTo are quoted instants",
            "$__timeFrom() .. $__timeTo()",
            "'2018-04-12T18:00:00Z' .. '2018-04-12T18:05:00Z'"));
  }

  @ParameterizedTest(name = "{argumentSetName}")
  @MethodSource("expansions")
  void expandsAsGrafanaDoes(String sql, String expanded) {
    assertThat(macros.expand(sql)).isEqualTo(expanded);
  }

  @Test
  void unknownMacroIsAnError() {
    assertThatThrownBy(() -> macros.expand("SELECT $__notAMacro(x)"))
        .hasMessageContaining("unknown macro $__notAMacro");
  }

  @Test
  void badIntervalIsAnError() {
    assertThatThrownBy(() -> macros.expand("$__timeGroup(t, 'often')"))
        .hasMessageContaining("error parsing interval often");
  }
}
