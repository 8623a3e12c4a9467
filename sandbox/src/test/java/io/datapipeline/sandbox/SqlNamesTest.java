package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlNamesTest {

  @Test
  void databaseNameIsLowerCaseWithDashesReplaced() {
    assertThat(SqlNames.databaseName("tenant-a", "Weather.v2")).isEqualTo("dp_tenant_a_weather_v2");
  }

  @Test
  void longNamesAreCutToPostgresLimitAndStayDistinct() {
    String a = SqlNames.databaseName("ns", "x".repeat(80) + "a");
    String b = SqlNames.databaseName("ns", "x".repeat(80) + "b");
    assertThat(a).hasSize(63).isNotEqualTo(b);
    SqlNames.requireSafe(a);
  }

  @Test
  void rejectsIdentifiersThatWouldNeedQuoting() {
    assertThatThrownBy(() -> SqlNames.requireSafe("x; drop table t"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("x; drop table t");
  }
}
