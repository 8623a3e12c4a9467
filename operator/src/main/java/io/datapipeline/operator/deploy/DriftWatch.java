package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.DriftStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.DriftDetection;
import io.datapipeline.operator.cloudformation.ResourceDrift;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.StackObserver;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drift detection per stack on a schedule: one DetectStackDrift per stack per interval, each
 * pipeline's stacks together at the pipeline's own offset within the interval (from its namespace
 * and name) so that many pipelines do not all call at once; the result lands in {@code
 * status.stacks[].drift}. One slot per pipeline rather than per stack: with a role session per
 * pipeline, idle for hours between checks, each separate check first renewed the session's
 * credentials (one STS AssumeRole), so five slots cost five renewals where one slot costs one. Only
 * settled stacks are checked (a detection while CloudFormation updates the stack says nothing).
 *
 * <p>The outcome comes with CloudFormation's "Drift Detection Status Change" event through the
 * stack-events queue, which reconciles the pipeline: no DescribeStackDriftDetectionStatus is made
 * while events arrive. Only when none came within {@link #EVENT_WAIT}, the event said the detection
 * failed (it carries no reason), or the queue is unreachable, is the status asked.
 *
 * <p>Under spec.driftPolicy Revert it also follows the revert ({@link DriftRevert}): a revert that
 * ran is confirmed by an immediate new detection; one that failed, or left the stack drifted, is
 * recorded in {@code drift.reason} and not tried again until the next detection finds drift anew.
 */
public final class DriftWatch {

  private static final Logger LOG = LoggerFactory.getLogger(DriftWatch.class);

  private final Duration interval;

  /** The wait after a detection failed for a reason that may pass (throttling, unavailable). */
  static final Duration RETRY_PAUSE = Duration.ofMinutes(15);

  /**
   * How long a detection's event is waited for before its status is asked (detections take seconds
   * to a few minutes; events arrive seconds after).
   */
  static final Duration EVENT_WAIT = Duration.ofMinutes(5);

  /** Since when this process has waited for each detection's event (by detection id). */
  private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();

  /**
   * @param interval time between detections of one stack; zero turns drift detection off
   */
  public DriftWatch(Duration interval) {
    this.interval = interval;
  }

  public boolean enabled() {
    return !interval.isZero() && !interval.isNegative();
  }

  /**
   * Advances drift detection of each stack one step, updating {@code current} (the stack entries of
   * the status being built) in place.
   *
   * @param previous the previous status entries, by stack name
   * @return when to look again for drift's sake: soon while a detection runs, else the next due
   *     check; empty when off
   */
  public Optional<Duration> observe(
      PipelineRef pipeline,
      List<StackOutcome> outcomes,
      Map<String, StackStatus> previous,
      List<StackStatus> current,
      CloudFormationApi cfn,
      StackObserver events,
      Instant now,
      List<Notice> notices) {
    if (!enabled()) {
      return Optional.empty();
    }
    // Detections this process waits for but no longer sees (pipeline gone, status lost) expire.
    waitingSince.values().removeIf(since -> since.plus(interval).plus(EVENT_WAIT).isBefore(now));
    Instant next = null;
    for (StackOutcome o : outcomes) {
      StackStatus entry =
          current.stream().filter(s -> o.stackName().equals(s.stackName)).findFirst().orElse(null);
      if (entry == null || o.stack() == null) {
        continue;
      }
      StackStatus before = previous.get(o.stackName());
      // A copy: the entry shares its drift with the previous status (StatusBuilder keeps it), and
      // advancing that in place would make the new status equal the old, so the reconciler would
      // never patch it (each reconcile would start from the last patched drift again).
      DriftStatus drift = entry.drift != null ? copy(entry.drift) : notChecked(pipeline, now);
      entry.drift = drift;
      followRevert(pipeline, o, before, drift, now, notices);
      boolean checkable =
          StackStates.settled(o.stack().status())
              && (o.phase() == Phase.READY || o.phase() == Phase.PENDING_APPROVAL);
      if (checkable) {
        try {
          step(pipeline, o, drift, cfn, events, now, notices);
        } catch (CloudFormationException e) {
          // Drift is a report: deploying goes on. The detection is tried again after a pause, not
          // at the next reconcile: retried every 10 s, a role without DetectStackDrift (or an
          // endpoint without it) spent the account's call budget on five stacks per pipeline.
          LOG.info("{}: drift detection of {}: {}", pipeline, o.stackName(), e.getMessage());
          drift.detectionId = null;
          drift.reason = "drift detection failed: " + e.getMessage();
          drift.nextCheckAt = now.plus(pauseAfter(e)).toString();
        }
      }
      Instant due = drift.detectionId == null ? Instant.parse(drift.nextCheckAt) : now;
      if (drift.detectionId != null && events.eventsArrive()) {
        // Waiting for the event (it reconciles the pipeline); the status is asked only after.
        due = waitingSince.getOrDefault(drift.detectionId, now).plus(EVENT_WAIT);
      }
      next = next == null || due.isBefore(next) ? due : next;
    }
    if (next == null) {
      return Optional.of(interval);
    }
    Duration wait = Duration.between(now, next);
    // A detection in flight takes seconds to minutes: look again soon.
    return Optional.of(wait.compareTo(Duration.ofSeconds(10)) < 0 ? Duration.ofSeconds(10) : wait);
  }

  /**
   * How long a failed detection waits: a whole interval when the call was refused for good (access,
   * validation: asking again soon changes nothing), else {@link #RETRY_PAUSE} within the interval.
   */
  private Duration pauseAfter(CloudFormationException e) {
    if (e.kind() == AwsCallException.Kind.TERMINAL || interval.compareTo(RETRY_PAUSE) < 0) {
      return interval;
    }
    return RETRY_PAUSE;
  }

  private void step(
      PipelineRef pipeline,
      StackOutcome o,
      DriftStatus drift,
      CloudFormationApi cfn,
      StackObserver events,
      Instant now,
      List<Notice> notices) {
    if (drift.detectionId != null) {
      String id = drift.detectionId;
      Optional<DriftDetection> told = events.driftResult(id);
      boolean toldFailed =
          told.isPresent() && "DETECTION_FAILED".equals(told.get().detectionStatus());
      if (told.isPresent() && !toldFailed) {
        waitingSince.remove(id);
        finish(pipeline, o, drift, told.get(), cfn, now, notices);
        return;
      }
      if (!toldFailed && events.eventsArrive()) {
        Instant since = waitingSince.computeIfAbsent(id, k -> now);
        if (now.isBefore(since.plus(EVENT_WAIT))) {
          return; // its event reconciles the pipeline
        }
      }
      Optional<DriftDetection> detection = cfn.describeStackDriftDetectionStatus(id);
      if (detection.isEmpty()) {
        waitingSince.remove(id);
        drift.detectionId = null; // forgotten by CloudFormation: start again
        return;
      }
      if (detection.get().finished()) {
        waitingSince.remove(id);
        finish(pipeline, o, drift, detection.get(), cfn, now, notices);
      } else {
        waitingSince.put(id, now); // still running: wait for its event again
      }
      return;
    }
    boolean updatedSinceCheck =
        drift.checkedAt != null
            && o.stack().lastUpdated() != null
            && o.stack().lastUpdated().isAfter(Instant.parse(drift.checkedAt))
            && DriftRevert.DRIFTED.equals(drift.status);
    if (updatedSinceCheck || !now.isBefore(Instant.parse(drift.nextCheckAt))) {
      drift.detectionId = cfn.detectStackDrift(o.stackName());
      if (events.eventsArrive()) {
        waitingSince.put(drift.detectionId, now);
      }
    }
  }

  private void finish(
      PipelineRef pipeline,
      StackOutcome o,
      DriftStatus drift,
      DriftDetection detection,
      CloudFormationApi cfn,
      Instant now,
      List<Notice> notices) {
    boolean afterRevert = DriftRevert.REVERTED.equals(drift.status);
    String was = drift.status;
    drift.detectionId = null;
    drift.checkedAt = now.toString();
    drift.nextCheckAt = nextSlot(pipeline, now).toString();
    drift.status = detection.stackDriftStatus();
    drift.reason =
        "DETECTION_FAILED".equals(detection.detectionStatus()) ? detection.reason() : null;
    List<ResourceDrift> drifted =
        DriftRevert.DRIFTED.equals(drift.status)
            ? cfn.describeStackResourceDrifts(o.stackName())
            : List.of();
    drift.resources = drifted.isEmpty() ? null : drifted.stream().map(DriftWatch::entry).toList();
    if (DriftRevert.DRIFTED.equals(drift.status)) {
      if (afterRevert) {
        drift.reason = "still drifted after the revert change set ran";
      }
      if (!DriftRevert.DRIFTED.equals(was) || afterRevert) {
        notices.add(
            Notice.warning(
                Reason.STACK_DRIFTED,
                o.stackName()
                    + " drifted from its template: "
                    + describe(drifted)
                    + (drift.reason == null ? "" : " (" + drift.reason + ")")));
      }
    } else if (DriftRevert.DRIFTED.equals(was) || afterRevert) {
      notices.add(
          Notice.normal(Reason.STACK_IN_SYNC, o.stackName() + " matches its template again"));
    }
  }

  /** Under Revert: record what became of a revert this step ran or found. */
  private void followRevert(
      PipelineRef pipeline,
      StackOutcome o,
      StackStatus before,
      DriftStatus drift,
      Instant now,
      List<Notice> notices) {
    if (!DriftRevert.wanted(pipeline, before)) {
      return;
    }
    if (o.phase() == Phase.READY) {
      // The revert change set ran (or found nothing to change): a detection confirms it now.
      drift.status = DriftRevert.REVERTED;
      drift.nextCheckAt = now.toString();
    } else if (o.phase() == Phase.STALLED) {
      drift.reason = "revert failed: " + o.message();
      notices.add(Notice.warning(Reason.DRIFT_REVERT_FAILED, o.stackName() + ": " + o.message()));
    }
  }

  private static DriftStatus copy(DriftStatus from) {
    DriftStatus to = new DriftStatus();
    to.status = from.status;
    to.checkedAt = from.checkedAt;
    to.nextCheckAt = from.nextCheckAt;
    to.detectionId = from.detectionId;
    to.reason = from.reason;
    to.resources = from.resources; // replaced, never changed in place
    return to;
  }

  private DriftStatus notChecked(PipelineRef pipeline, Instant now) {
    DriftStatus drift = new DriftStatus();
    drift.status = "NOT_CHECKED";
    drift.nextCheckAt = nextSlot(pipeline, now).toString();
    return drift;
  }

  /**
   * The first time after {@code now} in the pipeline's slot: its offset within each interval, the
   * same for all its stacks and stable across restarts and re-creations (namespace and name, not
   * uid).
   */
  Instant nextSlot(PipelineRef pipeline, Instant now) {
    long period = interval.toSeconds();
    long offset = Math.floorMod((pipeline.namespace() + "/" + pipeline.name()).hashCode(), period);
    long k = Math.floorDiv(now.getEpochSecond() - offset, period) + 1;
    return Instant.ofEpochSecond(k * period + offset);
  }

  private static DriftStatus.DriftedResource entry(ResourceDrift d) {
    DriftStatus.DriftedResource r = new DriftStatus.DriftedResource();
    r.logicalId = d.logicalId();
    r.resourceType = d.resourceType();
    r.status = d.driftStatus();
    r.properties = d.properties() == null || d.properties().isEmpty() ? null : d.properties();
    return r;
  }

  static String describe(List<ResourceDrift> drifted) {
    if (drifted.isEmpty()) {
      return "no resource details";
    }
    return String.join(
        ", ",
        drifted.stream()
            .map(
                d ->
                    d.logicalId()
                        + " ("
                        + d.resourceType()
                        + ") "
                        + d.driftStatus()
                        + (d.properties() == null || d.properties().isEmpty()
                            ? ""
                            : " " + d.properties()))
            .toList());
  }
}
