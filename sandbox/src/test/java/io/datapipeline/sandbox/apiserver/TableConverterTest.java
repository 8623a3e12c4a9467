package io.datapipeline.sandbox.apiserver;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TableConverterTest {

  /** The cases of apimachinery's duration.HumanDuration test, and each boundary between units. */
  @ParameterizedTest(name = "{0}s is {1}")
  @CsvSource({
    "-2, <invalid>",
    "-1, 0s",
    "0, 0s",
    "1, 1s",
    "70, 70s",
    "119, 119s",
    "120, 2m",
    "190, 3m10s",
    "599, 9m59s",
    "600, 10m",
    "4200, 70m",
    "10799, 179m",
    "10800, 3h",
    "12600, 3h30m",
    "28799, 7h59m",
    "28800, 8h",
    "169200, 47h",
    "172800, 2d",
    "176400, 2d1h",
    "691200, 8d",
    "698400, 8d",
    "31708800, 367d",
    "63072000, 2y",
    "63162000, 2y1d",
    "252288000, 8y",
    "252295200, 8y",
  })
  void printsAgesAsKubectlDoes(long seconds, String printed) {
    assertThat(TableConverter.humanDuration(Duration.ofSeconds(seconds))).isEqualTo(printed);
  }
}
