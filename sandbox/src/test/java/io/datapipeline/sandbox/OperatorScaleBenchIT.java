package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code bench/operator-scale.sh} runs end to end, so that the benchmark cannot rot between the
 * sessions that run it at scale (its heap sampler was rewritten without a run to check it before
 * this test): two pipelines, the small plans, moto's scale mode, a short settled window. It checks
 * the RESULT line's shape and what holds at any N (every pipeline's requests counted, the restart
 * creating no change set), never a time: times belong to the benchmark on a quiet machine.
 */
class OperatorScaleBenchIT {

  private static final List<String> FIELDS =
      List.of(
          "n",
          "ready_s",
          "requests_until_ready",
          "settled_requests_per_pipeline_hour",
          "heap_peak_mib",
          "rss_peak_mib",
          "cpu_s",
          "restart_s",
          "restart_describe_stacks",
          "restart_change_sets",
          "live_heap_mib",
          "kib_per_pipeline",
          "plans",
          "settled_at_defaults_per_pipeline_hour",
          "aws",
          "drain_s");

  @Test
  void theScaleBenchmarkRunsAndPrintsItsResultLine() throws IOException, InterruptedException {
    Path root = Path.of("").toAbsolutePath().getParent();
    Path output = Path.of("target", "operator-scale-bench.log").toAbsolutePath();
    ProcessBuilder bench =
        new ProcessBuilder("bash", "bench/operator-scale.sh", "2")
            .directory(root.toFile())
            .redirectErrorStream(true)
            .redirectOutput(output.toFile());
    bench
        .environment()
        .putAll(
            Map.of(
                "AWS", "fast",
                "PLANS", "small",
                "SETTLE_S", "5",
                "READY_TIMEOUT_S", "600",
                "OPERATOR_SETTINGS", "AWS_CALLS_PER_SECOND=100 AWS_CALL_BURST=200"));
    Process process = bench.start();
    boolean exited = process.waitFor(15, TimeUnit.MINUTES);
    if (!exited) {
      process.descendants().forEach(ProcessHandle::destroy);
      process.destroy();
    }
    String log = Files.readString(output);
    assertThat(exited)
        .as("the benchmark finished within 15 minutes; its output:%n%s", log)
        .isTrue();
    assertThat(process.exitValue()).as("exit status; output:%n%s", log).isZero();

    List<String> lines = log.lines().toList();
    String last = lines.get(lines.size() - 1);
    assertThat(last).as("the last line printed").startsWith("RESULT ");
    Map<String, String> result = new HashMap<>();
    for (String field : last.substring("RESULT ".length()).split(" ")) {
      String[] pair = field.split("=", 2);
      result.put(pair[0], pair[1]);
    }
    assertThat(result.keySet()).containsExactlyInAnyOrderElementsOf(FIELDS);
    assertThat(result).containsEntry("n", "2").containsEntry("plans", "small");
    assertThat(result).containsEntry("aws", "fast").containsEntry("restart_change_sets", "0");
    for (String field : FIELDS) {
      if (!field.equals("plans") && !field.equals("aws")) {
        assertThat(result.get(field)).as(field).matches("-?[0-9]+(\\.[0-9]+)?");
      }
    }
    // Two pipelines of a bootstrap stack and five stacks each cannot be deployed in fewer.
    assertThat(Long.parseLong(result.get("requests_until_ready"))).isGreaterThan(20);
    assertThat(Long.parseLong(result.get("heap_peak_mib"))).isPositive();
    assertThat(Long.parseLong(result.get("restart_describe_stacks"))).isPositive();
  }
}
