package io.datapipeline.converter.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.converter.schema.Column;
import io.datapipeline.converter.schema.ColumnType;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

class ValueParsersTest {

  private static Object parse(Column column, String text) throws BadValueException {
    return ValueParsers.forColumn(column).parse(text);
  }

  private static Column col(ColumnType type) {
    return Column.of("c", type);
  }

  private static Column temporal(ColumnType type, String format, String zone) {
    return new Column("c", type, true, null, null, format, zone);
  }

  private static long micros(String instant) {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.parse(instant));
  }

  @Test
  void parsesNumbersBooleansAndStrings() throws Exception {
    assertThat(parse(col(ColumnType.INT64), " 9000000000 ")).isEqualTo(9_000_000_000L);
    assertThat(parse(col(ColumnType.FLOAT64), "-1.5e3")).isEqualTo(-1500.0);
    assertThat(parse(col(ColumnType.BOOLEAN), "Yes")).isEqualTo(true);
    assertThat(parse(col(ColumnType.BOOLEAN), "0")).isEqualTo(false);
    assertThat(parse(col(ColumnType.STRING), " as is ")).isEqualTo(" as is ");
    Column amount = new Column("amount", ColumnType.DECIMAL, true, 12, 2, null, null);
    assertThat(parse(amount, "12.5")).isEqualTo(new BigDecimal("12.50"));
  }

  @Test
  @org.junit.jupiter.api.Timeout(5) // unbounded, each would take seconds to minutes
  void aDecimalExponentIsBoundedBeforeAnyArithmetic() throws Exception {
    Column amount = new Column("amount", ColumnType.DECIMAL, true, 12, 2, null, null);
    for (int i = 0; i < 100; i++) {
      assertThatThrownBy(() -> parse(amount, "1e10000000"))
          .hasMessageContaining("does not fit decimal(12,2)");
      assertThatThrownBy(() -> parse(amount, "1e-10000000"))
          .hasMessageContaining("more than 2 digits");
    }
    assertThat(parse(amount, "0e10000000")).isEqualTo(new BigDecimal("0.00"));
    assertThat(parse(amount, "1.50000")).isEqualTo(new BigDecimal("1.50"));
    assertThat(parse(amount, "1.2345678901e9")).isEqualTo(new BigDecimal("1234567890.10"));
  }

  @Test
  void refusesValuesThatDoNotFitTheType() {
    Column amount = new Column("amount", ColumnType.DECIMAL, true, 4, 2, null, null);
    assertThatThrownBy(() -> parse(amount, "1.234")).hasMessageContaining("more than 2 digits");
    assertThatThrownBy(() -> parse(amount, "123.4"))
        .hasMessageContaining("does not fit decimal(4,2)");
    assertThatThrownBy(() -> parse(col(ColumnType.INT64), "1.0")).hasMessageContaining("64-bit");
    assertThatThrownBy(() -> parse(col(ColumnType.FLOAT64), "NaN")).hasMessageContaining("finite");
    assertThatThrownBy(() -> parse(col(ColumnType.FLOAT64), "1d")).hasMessageContaining("finite");
    assertThatThrownBy(() -> parse(col(ColumnType.BOOLEAN), "maybe"))
        .hasMessageContaining("boolean");
    assertThatThrownBy(() -> parse(col(ColumnType.DATE), "2023-02-29"))
        .hasMessageContaining("date");
    assertThatThrownBy(() -> parse(temporal(ColumnType.DATE, "dd MMM yyyy", null), "31 Apr 2024"))
        .hasMessageContaining("not a date");
  }

  @Test
  void parsesDatesWithDefaultAndCustomFormats() throws Exception {
    assertThat(parse(col(ColumnType.DATE), "2024-02-29"))
        .isEqualTo((int) LocalDate.of(2024, 2, 29).toEpochDay());
    assertThat(parse(temporal(ColumnType.DATE, "dd/MM/yyyy", null), "01/05/1969"))
        .isEqualTo((int) LocalDate.of(1969, 5, 1).toEpochDay());
    assertThat(parse(temporal(ColumnType.DATE, "d MMM uuuu", null), "3 Jan 2020"))
        .isEqualTo((int) LocalDate.of(2020, 1, 3).toEpochDay());
  }

  @Test
  void parsesTimestampsHonouringFormatAndTimeZone() throws Exception {
    assertThat(parse(col(ColumnType.TIMESTAMP), "2024-05-01T12:00:00Z"))
        .isEqualTo(micros("2024-05-01T12:00:00Z"));
    assertThat(parse(col(ColumnType.TIMESTAMP), "2024-05-01T12:00:00.123456+02:00"))
        .isEqualTo(micros("2024-05-01T10:00:00.123456Z"));
    assertThat(parse(temporal(ColumnType.TIMESTAMP, null, "Europe/Paris"), "2024-05-01 12:00:00"))
        .isEqualTo(micros("2024-05-01T10:00:00Z"));
    assertThat(
            parse(
                temporal(ColumnType.TIMESTAMP, "yyyy/MM/dd HH:mm:ss", "America/New_York"),
                "2024-01-15 08:30:00".replace('-', '/')))
        .isEqualTo(micros("2024-01-15T13:30:00Z"));
    assertThat(
            parse(
                temporal(ColumnType.TIMESTAMP, "MM/dd/yyyy hh:mm a", "UTC"), "05/01/2024 01:15 PM"))
        .isEqualTo(micros("2024-05-01T13:15:00Z"));
    assertThat(
            parse(
                temporal(ColumnType.TIMESTAMP, "yyyy-MM-dd HH:mm:ss.SSS", "UTC"),
                "1969-12-31 23:59:59.500"))
        .isEqualTo(-500_000L);
    assertThatThrownBy(
            () ->
                parse(
                    temporal(ColumnType.TIMESTAMP, "yyyy-MM-dd HH:mm:ss", "UTC"),
                    "2024-05-01 25:00:00"))
        .hasMessageContaining("not a timestamp of the form yyyy-MM-dd HH:mm:ss");
  }

  @Test
  void formatsIsoDatesAndTimestampsBackExactly() {
    for (long day : new long[] {-719_528, -1, 0, 19_000, 2_932_896}) {
      assertThat(IsoFormat.date(day)).isEqualTo(LocalDate.ofEpochDay(day).toString());
    }
    assertThat(IsoFormat.timestamp(micros("2024-05-01T10:00:00.123456Z")))
        .isEqualTo("2024-05-01T10:00:00.123456Z");
    assertThat(IsoFormat.timestamp(-500_000L)).isEqualTo("1969-12-31T23:59:59.500Z");
  }
}
