package io.datapipeline.operator.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.controller.PipelineController;
import io.datapipeline.operator.controller.PlanRenderer;
import io.datapipeline.operator.controller.SpecValidator;
import io.datapipeline.operator.deploy.ArtifactUploader;
import io.datapipeline.operator.deploy.Bootstrap;
import io.datapipeline.operator.deploy.DeleteRetries;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.deploy.PipelineDeleter;
import io.datapipeline.operator.deploy.PipelineDeployer;
import io.datapipeline.operator.deploy.RecreateBudget;
import io.datapipeline.operator.deploy.StackDeployer;
import io.datapipeline.operator.deploy.StackRemover;
import io.datapipeline.operator.observe.StackPoller;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.AwsSessions;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.operator.ports.DataPathReader;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.status.StatusBuilder;
import io.datapipeline.operator.tenancy.PipelineAccess;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import io.datapipeline.render.Component;
import io.datapipeline.render.StackPlan;
import io.datapipeline.testsupport.TestClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * One "operator process" over the in-memory CloudFormation: the real controller, deployer, poller
 * and status builder, with status patches applied to the pipeline object as the API server would.
 */
public final class Harness {

  public final FakeCloudFormation cfn = new FakeCloudFormation();
  public final FakeArtifactStore artifacts = new FakeArtifactStore();
  public final List<Notice> notices = new ArrayList<>();
  public Function<DataPipeline, StackPlan> renderer = TestPlans::plan;

  /** When set, renders with the pipeline's region and account instead of {@link #renderer}. */
  public PlanRenderer planRenderer;

  /** The account of the operator's own credentials (STS GetCallerIdentity's answer). */
  public String ownAccount = "123456789012";

  /** When set, looking up the operator's own account fails with it (STS unavailable). */
  public RuntimeException accountLookupFailure;

  public final List<AwsTarget> accountLookups = new ArrayList<>();
  public SpecValidator validator = SpecValidator.none();
  public DashboardStatus dashboard = new DashboardStatus();
  public int dashboardReads;

  /**
   * The data paths the stand-in reader reports, by pipeline ({@code namespace/name}); a pipeline
   * absent here is read as healthy. Each batch read is recorded with the probes it asked for.
   */
  public final Map<String, DataPathReader.Reading> dataPaths = new ConcurrentHashMap<>();

  public final List<List<DataPathReader.Probe>> dataPathBatches = new CopyOnWriteArrayList<>();

  /** DATA_PATH_INTERVAL of the controller. */
  public Duration dataPathInterval = Duration.ofMinutes(5);

  /** DASHBOARD_INTERVAL of this "operator process" (set before {@link #newOperatorProcess}). */
  public Duration dashboardInterval = Duration.ofMinutes(10);

  /** Every account/region a session was asked for (the fake serves them all). */
  public final List<AwsTarget> targets = new ArrayList<>();

  public Instant now = Instant.parse("2026-02-01T10:00:00Z");

  /** DRIFT_CHECK_INTERVAL of this "operator process" (set before {@link #newOperatorProcess}). */
  public Duration driftInterval = Duration.ofHours(6);

  public StackPoller poller;

  /** The bootstrap template this "operator version" deploys. */
  public BootstrapStack bootstrapStack = new BootstrapRenderer().render();

  public PipelineController controller;

  /** What tenancy permits; null: TENANCY=Open. Set it, then {@link #newOperatorProcess()}. */
  public PipelineAccess access;

  public Harness() {
    cfn.readTemplateUrlsWith(
        url -> {
          // https://<bucket>.s3.eu-west-1.amazonaws.com/<key>
          String rest = url.substring("https://".length());
          String bucket = rest.substring(0, rest.indexOf(".s3."));
          String key = rest.substring(rest.indexOf('/') + 1);
          return artifacts.objects.get(bucket + "/" + key);
        });
    newOperatorProcess();
  }

  /** Forgets everything in memory, as a restarted operator would; AWS state stays. */
  public void newOperatorProcess() {
    poller = new StackPoller(cfn);
    Clock clock = new TestClock(() -> now);
    StackRemover remover = new StackRemover(DeleteRetries.standard(clock));
    AwsSession session =
        new AwsSession(
            new AwsTarget("eu-west-1", null),
            "eu-west-1/123456789012",
            cfn,
            poller,
            artifacts,
            (cluster, service) -> {
              dashboardReads++;
              return dashboard;
            },
            probes -> {
              dataPathBatches.add(List.copyOf(probes));
              Map<DataPathReader.Probe, DataPathReader.Reading> readings = new LinkedHashMap<>();
              for (var probe : probes) {
                readings.put(
                    probe,
                    dataPaths.getOrDefault(
                        probe.pipeline(), new DataPathReader.Reading(0, 0, null)));
              }
              return readings;
            },
            cfn.snapshots());
    controller =
        new PipelineController(
            (p, region, account, boundary) ->
                (planRenderer != null ? planRenderer : PlanRenderer.of(renderer))
                    .render(p, region, account, boundary),
            p -> validator.problem(p),
            new AwsSessions() {
              @Override
              public AwsSession forTarget(AwsTarget target) {
                targets.add(target);
                return session;
              }

              @Override
              public String accountOf(AwsTarget target) {
                accountLookups.add(target);
                if (target.roleAccount().isPresent()) {
                  return target.roleAccount().get();
                }
                if (accountLookupFailure != null) {
                  throw accountLookupFailure;
                }
                return ownAccount;
              }
            },
            new PipelineDeployer(
                new StackDeployer(new RecreateBudget(2), remover),
                new ArtifactUploader(),
                new Bootstrap(bootstrapStack)),
            new PipelineDeleter(remover),
            new StatusBuilder(clock),
            clock,
            "eu-west-1",
            access == null ? PipelineAccess.open("eu-west-1") : access,
            new PipelineController.Intervals(
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                driftInterval,
                dataPathInterval,
                dashboardInterval));
  }

  /** A poll of the shared poller, then one reconcile whose status is "patched" onto {@code p}. */
  public PipelineController.Result reconcile(DataPipeline p) {
    try {
      poller.poll();
    } catch (CloudFormationException e) {
      // The poller's scheduler logs and backs off; the reconcile reads the last good poll.
    }
    return reconcileWithoutPoll(p);
  }

  public PipelineController.Result reconcileWithoutPoll(DataPipeline p) {
    PipelineController.Result result = controller.reconcile(p);
    p.setStatus(result.status());
    notices.addAll(result.notices());
    now = now.plusSeconds(5);
    return result;
  }

  /** {@code n} reconciles, CloudFormation finishing what is in progress after each. */
  public void rounds(DataPipeline p, int n) {
    for (int i = 0; i < n; i++) {
      reconcile(p);
      cfn.settle();
    }
  }

  /**
   * Forgets the calls and notices so far, so that a scenario asserts only on what its own step
   * makes.
   */
  public void forgetHistory() {
    cfn.clearCalls();
    notices.clear();
  }

  /** Reconciles, letting CloudFormation finish in between, until Ready=True (or fails). */
  public void reconcileUntilReady(DataPipeline p) {
    for (int i = 0; i < 40; i++) {
      reconcile(p);
      if ("True".equals(condition(p, "Ready").status)) {
        return;
      }
      cfn.settle();
    }
    throw new AssertionError("not Ready after 40 rounds: " + p.getStatus().conditions);
  }

  /** Cleanup steps until done (or fails); returns the number of steps. */
  public int deleteUntilDone(DataPipeline p) {
    for (int i = 0; i < 40; i++) {
      poller.poll();
      PipelineController.Cleanup cleanup = controller.cleanup(p);
      notices.addAll(cleanup.notices());
      if (cleanup.status() != null) {
        p.setStatus(cleanup.status()); // as the reconciler patches it
      }
      if (cleanup.done()) {
        return i + 1;
      }
      cfn.settle();
      now = now.plusSeconds(120); // deletion retries back off for minutes
    }
    throw new AssertionError("stacks not deleted after 40 rounds: " + cfn.stackNames());
  }

  /** The pipeline's status entry of {@code component}'s stack (fails when it has none). */
  public static StackStatus stackStatus(DataPipeline p, Component component) {
    return p.getStatus().stacks.stream()
        .filter(s -> s.component.equals(component.id()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no stack " + component.id() + " in the status"));
  }

  public static Condition condition(DataPipeline p, String type) {
    Condition c = Conditions.find(p.getStatus().conditions, type);
    if (c == null) {
      throw new AssertionError("no condition " + type + " in " + p.getStatus().conditions);
    }
    return c;
  }

  public List<String> noticeReasons() {
    return notices.stream().map(n -> n.reason().id()).toList();
  }

  /**
   * Asserts on the Events published so far: every one of {@code reasons}, none of {@code never},
   * and for each of {@code texts} an Event whose message contains it.
   */
  public void assertNotices(List<String> reasons, List<String> never, List<String> texts) {
    assertThat(noticeReasons()).containsAll(reasons);
    assertThat(noticeReasons()).doesNotContainAnyElementsOf(never);
    List<String> messages = notices.stream().map(Notice::message).toList();
    for (String text : texts) {
      assertThat(messages).as("an Event containing: " + text).anyMatch(m -> m.contains(text));
    }
  }
}
