package io.datapipeline.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
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
            "--server-side-apply");
  }
}
