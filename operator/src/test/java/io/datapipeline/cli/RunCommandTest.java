package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.Setting;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class RunCommandTest {

  @Test
  void runIsASubcommandDocumentingEverySetting() {
    StringWriter out = new StringWriter();
    CommandLine cli = new CommandLine(new Main());
    cli.setOut(new PrintWriter(out));

    int code = cli.execute("run", "--help");

    assertThat(code).isZero();
    assertThat(out.toString())
        .contains(
            "--watch-namespaces",
            "--aws-region",
            "--poll-interval",
            "--fast-poll-interval",
            "--reconcile-concurrency",
            "--aws-endpoint-url",
            "--health-port",
            "--metrics-port",
            "--leader-election",
            "--log-format",
            "--server-side-apply",
            "--exit-on-informer-stop",
            "--max-recreate-attempts");
    for (Setting<?> setting : OperatorConfig.SETTINGS) {
      assertThat(out.toString()).as("run --help").contains(setting.flag(), setting.variable());
    }
  }

  @Test
  void aFlagOverridesItsVariable() {
    RunCommand run = new RunCommand();
    new CommandLine(run)
        .parseArgs("--max-recreate-attempts", "4", "--exit-on-informer-stop", "false");

    OperatorConfig config =
        OperatorConfig.from(
            run.settings(Map.of("MAX_RECREATE_ATTEMPTS", "1", "POLL_INTERVAL", "1m")));

    assertThat(config.maxRecreateAttempts()).isEqualTo(4);
    assertThat(config.exitOnInformerStop()).isFalse();
    assertThat(config.pollInterval()).as("from the environment").isEqualTo(Duration.ofMinutes(1));
  }
}
