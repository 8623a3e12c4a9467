package io.datapipeline.grafana;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Expected strings are those of Grafana's own macros_test.go for the PostgreSQL datasource. */
class PostgresMacrosTest {

  private final PostgresMacros macros =
      new PostgresMacros(
          Instant.parse("2018-04-12T18:00:00Z"), Instant.parse("2018-04-12T18:05:00Z"));

  @Test
  void timeFilterBecomesBetweenTheRangeInUtc() {
    assertThat(macros.expand("WHERE $__timeFilter(time_column)"))
        .isEqualTo("WHERE time_column BETWEEN '2018-04-12T18:00:00Z' AND '2018-04-12T18:05:00Z'");
  }

  @Test
  void timeGroupBecomesFlooredEpochSeconds() {
    assertThat(macros.expand("GROUP BY $__timeGroup(time_column,'5m')"))
        .isEqualTo("GROUP BY floor(extract(epoch from time_column)/300)*300");
    assertThat(macros.expand("SELECT $__timeGroupAlias(time_column, '1h')"))
        .isEqualTo("SELECT floor(extract(epoch from time_column)/3600)*3600 AS \"time\"");
  }

  @Test
  void timeGroupFollowedByACommaGetsTheAliasAsInOldGrafana() {
    assertThat(macros.expand("SELECT $__timeGroup(time_column,'5m'), value"))
        .isEqualTo("SELECT floor(extract(epoch from time_column)/300)*300 AS \"time\", value");
  }

  @Test
  void timeFromAndTimeToAreQuotedInstants() {
    assertThat(macros.expand("$__timeFrom() .. $__timeTo()"))
        .isEqualTo("'2018-04-12T18:00:00Z' .. '2018-04-12T18:05:00Z'");
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
