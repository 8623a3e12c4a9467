package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorApp;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.utils.Serialization;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The N-pipelines benchmark (docs/benchmarks.md, "Operator"): not part of the build (its name is
 * neither *Test nor *IT). Run it with
 *
 * <pre>
 * ./mvnw -B -o -pl operator verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false \
 *   -Dit.test=OperatorBenchmark -Dbenchmark.pipelines=1000 -Dbenchmark.settledSeconds=120
 * </pre>
 *
 * It applies N pipelines (4 stacks each) to the mock API server, waits until all are Ready in moto,
 * then counts CloudFormation calls over a settled window at the default poll intervals.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class OperatorBenchmark {

  static KubernetesClient client;

  @RegisterExtension static final OperatorFixture operator = new OperatorFixture(() -> client);

  @Test
  void pipelinesBecomeReadyAndSettle(MotoAws aws) throws Exception {
    int n = Integer.getInteger("benchmark.pipelines", 100);
    int settledSeconds = Integer.getInteger("benchmark.settledSeconds", 60);
    // Every namespace watched, the default poll intervals.
    OperatorConfig config = OperatorFixture.withDefaultPolls(OperatorFixture.config(aws, Set.of()));
    OperatorApp app = operator.start(config, MotoPlans::plan, List.of());
    OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpuStart = os.getProcessCpuTime();
    long start = System.nanoTime();
    String manifest = Files.readString(Path.of("../crds/examples/minimal.yaml"));
    for (int i = 0; i < n; i++) {
      DataPipeline p = Serialization.unmarshal(manifest, DataPipeline.class);
      p.getMetadata().setNamespace("bench");
      p.getMetadata().setName(String.format("p%04d", i));
      client.resource(p).create();
    }
    long ready = 0;
    while (ready < n) {
      Thread.sleep(2_000);
      ready =
          client.resources(DataPipeline.class).inNamespace("bench").list().getItems().stream()
              .filter(OperatorBenchmark::isReady)
              .count();
      System.out.printf(
          "[benchmark] %5.0fs ready %d/%d, CloudFormation calls %d%n",
          (System.nanoTime() - start) / 1e9, ready, n, app.metrics().cloudFormationCalls());
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofHours(1));
    }
    double secondsToReady = (System.nanoTime() - start) / 1e9;
    long callsToReady = app.metrics().cloudFormationCalls();
    long cpuToReady = os.getProcessCpuTime() - cpuStart;

    long settledCallsBefore = app.metrics().cloudFormationCalls();
    long describeBefore = app.metrics().cloudFormationCalls("DescribeStacks");
    long pollsBefore = app.polls();
    Thread.sleep(settledSeconds * 1000L);
    long settledCalls = app.metrics().cloudFormationCalls() - settledCallsBefore;
    long settledDescribes = app.metrics().cloudFormationCalls("DescribeStacks") - describeBefore;
    long settledPolls = app.polls() - pollsBefore;
    System.out.println("[benchmark] metrics at the end:\n" + app.metrics().scrape());
    long heapPeak =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getPeakUsage)
            .mapToLong(u -> u.getUsed())
            .sum();
    double minutes = settledSeconds / 60.0;
    System.out.printf(
        "[benchmark] RESULT pipelines=%d stacks=%d secondsToAllReady=%.1f"
            + " cloudFormationCallsToReady=%d cpuSecondsToReady=%.1f settledWindowSeconds=%d"
            + " settledCalls=%d settledDescribeStacks=%d settledPolls=%d"
            + " callsPerPipelinePerMinute=%.4f"
            + " heapPeakMiB=%d availableProcessors=%d%n",
        n,
        4 * n,
        secondsToReady,
        callsToReady,
        cpuToReady / 1e9,
        settledSeconds,
        settledCalls,
        settledDescribes,
        settledPolls,
        settledCalls / (double) n / minutes,
        heapPeak / (1024 * 1024),
        Runtime.getRuntime().availableProcessors());
    app.close();
    assertThat(settledCalls / (double) n / minutes).isLessThan(1.0);
  }

  private static boolean isReady(DataPipeline p) {
    return p.getStatus() != null
        && p.getStatus().conditions != null
        && p.getStatus().conditions.stream()
            .anyMatch(c -> "Ready".equals(c.type) && "True".equals(c.status));
  }
}
