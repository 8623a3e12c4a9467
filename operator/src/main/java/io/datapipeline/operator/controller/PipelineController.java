package io.datapipeline.operator.controller;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.DriftWatch;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.PipelineDeleter;
import io.datapipeline.operator.deploy.PipelineDeployer;
import io.datapipeline.operator.deploy.PipelineRef;
import io.datapipeline.operator.deploy.StackOutcome;
import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.operator.ports.AwsSessions;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.operator.ports.DataPathReader;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.status.DataPathCondition;
import io.datapipeline.operator.status.DriftCondition;
import io.datapipeline.operator.status.Observation;
import io.datapipeline.operator.status.StackQuotaCondition;
import io.datapipeline.operator.status.StatusBuilder;
import io.datapipeline.operator.status.StatusDiff;
import io.datapipeline.operator.tenancy.Decision;
import io.datapipeline.operator.tenancy.Grant;
import io.datapipeline.operator.tenancy.PipelineAccess;
import io.datapipeline.render.Component;
import io.datapipeline.render.InvalidSpecException;
import io.datapipeline.render.PipelineIdentity;
import io.datapipeline.render.PipelineNames;
import io.datapipeline.render.StackOutput;
import io.datapipeline.render.StackPlan;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reconcile and cleanup logic of one pipeline, free of the operator framework: everything it
 * decides comes back as a {@link Result} (status, events, when to look again) that the framework
 * adapter applies.
 */
public final class PipelineController {

  private static final Logger LOG = LoggerFactory.getLogger(PipelineController.class);

  /** The outcome of a reconcile. {@code requeueAfter} empty: wait for a change event. */
  public record Result(
      DataPipelineStatus status, List<Notice> notices, Optional<Duration> requeueAfter) {}

  /**
   * The outcome of a cleanup step.
   *
   * @param status the status to patch (the deletion's retry budgets), or null to leave it as is
   */
  public record Cleanup(
      boolean done, List<Notice> notices, Duration requeueAfter, DataPipelineStatus status) {

    public Cleanup(boolean done, List<Notice> notices, Duration requeueAfter) {
      this(done, notices, requeueAfter, null);
    }
  }

  private final PlanRenderer renderer;
  private final SpecValidator validator;
  private final AwsSessions sessions;
  private final PipelineDeployer deployer;
  private final PipelineDeleter deleter;
  private final StatusBuilder statusBuilder;
  private final DashboardObserver dashboard;
  private final String defaultRegion;
  private final PlacementGuard placement;
  private final RepeatedWarnings repeatedWarnings = new RepeatedWarnings();
  private final Duration settledInterval;
  private final Duration fastInterval;
  private final PipelineAccess access;
  private final DriftWatch driftWatch;
  private final DataPathMonitor dataPath;
  private final Clock clock;

  /** The AWS target each pipeline (by uid) was last registered with as in use. */
  private final Map<String, AwsTarget> activeTargets = new ConcurrentHashMap<>();

  /**
   * When the controller looks again, and how often it reads what it observes.
   *
   * @param settled requeue of a pipeline at rest (POLL_INTERVAL)
   * @param fast requeue while something is in progress (FAST_POLL_INTERVAL)
   * @param drift time between drift detections of one stack (DRIFT_CHECK_INTERVAL); zero turns them
   *     off
   * @param dataPath time between batched readings of the data paths of an identity and region
   *     (DATA_PATH_INTERVAL); zero turns DataPathHealthy off
   * @param dashboard time between readings of a pipeline's dashboard service (DASHBOARD_INTERVAL)
   */
  public record Intervals(
      Duration settled, Duration fast, Duration drift, Duration dataPath, Duration dashboard) {}

  /**
   * @param access decides, before any AWS session is made, what the pipeline may act with
   */
  public PipelineController(
      PlanRenderer renderer,
      SpecValidator validator,
      AwsSessions sessions,
      PipelineDeployer deployer,
      PipelineDeleter deleter,
      StatusBuilder statusBuilder,
      Clock clock,
      String defaultRegion,
      PipelineAccess access,
      Intervals intervals) {
    this.clock = clock;
    this.dataPath = new DataPathMonitor(clock, intervals.dataPath());
    this.driftWatch = new DriftWatch(intervals.drift());
    this.access = access;
    this.renderer = renderer;
    this.validator = validator;
    this.sessions = sessions;
    this.deployer = deployer;
    this.deleter = deleter;
    this.statusBuilder = statusBuilder;
    this.dashboard = new DashboardObserver(clock, intervals.dashboard());
    this.defaultRegion = defaultRegion;
    this.placement = new PlacementGuard(defaultRegion);
    this.settledInterval = intervals.settled();
    this.fastInterval = intervals.fast();
  }

  public Result reconcile(DataPipeline pipeline) {
    PipelineRef ref = PipelineRef.of(pipeline);
    if (Boolean.TRUE.equals(pipeline.getSpec().suspend)) {
      release(ref.uid());
      return result(pipeline, new Observation.Suspended(), List.of(), Optional.empty());
    }
    Optional<String> problem =
        validator.problem(pipeline).or(() -> EngineVersionGuard.problem(pipeline));
    if (problem.isPresent()) {
      return specInvalid(pipeline, Reason.INVALID_SPEC, problem.get());
    }
    // Tenancy is decided before any AWS call (even the account lookup for default images): a
    // refused pipeline makes none.
    Decision decision = access.admit(pipeline);
    if (decision instanceof Decision.Refused refused) {
      release(ref.uid());
      return specInvalid(pipeline, Reason.NOT_PERMITTED, refused.message());
    }
    Grant grant = ((Decision.Permitted) decision).grant();
    boolean tenant = grant.tenant() != null;
    // Never a second deployment elsewhere: under tenancy the place is where the granted role acts.
    Optional<String> moved =
        tenant ? placement.problem(pipeline, grant.roleArn(), true) : placement.problem(pipeline);
    if (moved.isPresent()) {
      return specInvalid(pipeline, Reason.INVALID_SPEC, moved.get());
    }
    ref = ref.withCloudFormationRoleArn(grant.cloudFormationRoleArn());
    AwsTarget target = target(grant.region(), grant.roleArn(), grant.externalId(), ref);
    StackPlan plan;
    try {
      plan = render(pipeline, target, grant);
    } catch (InvalidSpecException e) {
      return specInvalid(pipeline, Reason.INVALID_SPEC, e.getMessage());
    } catch (AwsCallException e) {
      // Looking up the account (for the default images) failed.
      return awsCallFailed(pipeline, ref, e, new ArrayList<>());
    }
    List<Notice> notices = new ArrayList<>();
    try {
      AwsSession aws = use(ref, target);
      PipelineNames names = actualNames(pipeline, aws);
      plan = withNames(pipeline, plan, names, target, grant);
      Map<Component, StackStatus> previous = previousStacks(pipeline);
      restoreDeletions(ref.uid(), previousStatus(pipeline));
      List<StackOutcome> planned = deployer.deploy(ref, plan, previous, aws, notices);
      List<StackOutcome> leaving =
          deleter
              .components()
              .step(ref, plan, stackNames(pipeline, plan, names), previous, aws, notices);
      DashboardStatus dashboardStatus =
          dashboard.observe(ref.uid(), planned, previousStatus(pipeline).dashboard, aws);
      List<StackOutcome> outcomes = new ArrayList<>(planned);
      outcomes.addAll(leaving);
      Observation.Deployed deployed =
          new Observation.Deployed(outcomes, dashboardStatus, ref.connectionSecretName());
      ApprovalJudge.Judgement approvals =
          ApprovalJudge.judge(
              ref.changeControl(),
              previousStatus(pipeline).handledApprovals,
              outcomes,
              ref.generation());
      notices.addAll(approvals.notices());
      DataPipelineStatus status = build(pipeline, deployed);
      recordDeletions(status, ref.uid());
      recordNames(status, plan);
      status.handledApprovals = approvals.handled().isEmpty() ? null : approvals.handled();
      Optional<Duration> requeue = requeue(outcomes, plan, dashboard.interval(aws.stacks()));
      if (driftWatch.enabled()) {
        Optional<Duration> drift =
            driftWatch.observe(
                ref,
                outcomes,
                previousByStackName(pipeline),
                status.stacks,
                aws.cloudFormation(),
                aws.stacks(),
                clock.instant(),
                notices);
        requeue = earliest(requeue, drift.map(PipelineController::jittered));
        DriftCondition.apply(
            status,
            pipeline.getStatus(),
            ref.changeControl().revertDrift(),
            ref.generation(),
            clock.instant());
      }
      observeDataPath(ref, target, outcomes, aws, status, pipeline.getStatus());
      if (StackQuotaCondition.apply(
          status,
          pipeline.getStatus(),
          sessions.stackQuota(target),
          ref.generation(),
          clock.instant())) {
        notices.add(
            Notice.warning(
                Reason.STACK_QUOTA_NEARING,
                Conditions.find(status.conditions, ConditionType.STACK_QUOTA_NEARING.id())
                    .message));
      }
      if (tenant) {
        // The place is where the granted role acts, whatever the spec names.
        status.placement = placement.desired(pipeline, grant.roleArn());
      }
      return new Result(status, repeatedWarnings.filter(pipeline, notices), requeue);
    } catch (AwsCallException e) {
      return awsCallFailed(pipeline, ref, e, notices);
    }
  }

  /** DataPathHealthy once the converter is deployed: its failures and its failure queue. */
  private void observeDataPath(
      PipelineRef ref,
      AwsTarget target,
      List<StackOutcome> outcomes,
      AwsSession aws,
      DataPipelineStatus status,
      DataPipelineStatus previous) {
    if (!dataPath.enabled()) {
      return;
    }
    StackOutcome converter =
        outcomes.stream()
            .filter(o -> o.component() == Component.CONVERTER)
            .findFirst()
            .orElse(null);
    String queueArn =
        converter == null || converter.stack() == null
            ? null
            : converter.stack().outputs().get(StackOutput.FAILURE_QUEUE_ARN.key());
    if (queueArn == null || converter.phase() != Phase.READY) {
      if (converter == null) {
        dataPath.forget(ref.uid());
      }
      DataPathCondition.apply(status, previous, null, ref.generation(), clock.instant());
      return;
    }
    DataPathReader.Probe probe =
        new DataPathReader.Probe(ref.namespace() + "/" + ref.name(), queueArn);
    DataPathCondition.apply(
        status,
        previous,
        dataPath.observe(target, ref.uid(), probe, aws.dataPath()).orElse(null),
        ref.generation(),
        clock.instant());
  }

  private Result awsCallFailed(
      DataPipeline pipeline, PipelineRef ref, AwsCallException e, List<Notice> notices) {
    if (e.kind() == AwsCallException.Kind.TERMINAL) {
      // Any AWS call that fails for good (the bootstrap stack, an artifact upload) stalls the
      // pipeline with AWS's error code, instead of being retried forever as unavailable.
      LOG.warn("{}: {} (needs a change to the account or the spec)", ref, e.getMessage());
      notices.add(Notice.warning(Reason.AWS_CALL_REJECTED, e.getMessage()));
      return result(
          pipeline,
          new Observation.Stalled(Reason.AWS_CALL_REJECTED, e.getMessage()),
          notices,
          Optional.of(jittered(settledInterval)));
    }
    boolean throttled = e.kind() == AwsCallException.Kind.THROTTLED;
    LOG.warn("{}: {} (will retry)", ref, e.getMessage());
    return result(
        pipeline,
        new Observation.Retrying(
            throttled ? Reason.THROTTLED : Reason.AWS_UNAVAILABLE, e.getMessage()),
        notices,
        Optional.of(jittered(fastInterval.multipliedBy(throttled ? 3 : 2))));
  }

  /**
   * The plan for where the pipeline deploys: its region, its account only if asked, and the
   * tenant's permissions boundary on the roles it creates.
   */
  private StackPlan render(DataPipeline pipeline, AwsTarget target, Grant grant) {
    return renderer.render(
        pipeline,
        target.region(),
        () -> sessions.accountOf(target),
        grant.permissionsBoundaryArn());
  }

  /**
   * The status to show when a reconcile failed unexpectedly (a defect, not a classified AWS
   * failure): the framework retries with backoff; the status says so instead of only the logs.
   */
  public DataPipelineStatus failed(DataPipeline pipeline, Exception error) {
    String message =
        error.getClass().getSimpleName()
            + (error.getMessage() == null ? "" : ": " + error.getMessage());
    return result(
            pipeline,
            new Observation.Retrying(Reason.RECONCILE_ERROR, message),
            List.of(),
            Optional.empty())
        .status();
  }

  /** One deletion step; {@code done} once every stack of the pipeline is gone. */
  public Cleanup cleanup(DataPipeline pipeline) {
    PipelineRef ref = PipelineRef.of(pipeline);
    List<Notice> notices = new ArrayList<>();
    if (DeletionEscape.requested(pipeline)) {
      // No AWS call at all: the escape is for when AWS cannot be reached or will not delete.
      release(ref.uid());
      dashboard.forget(ref.uid());
      dataPath.forget(ref.uid());
      repeatedWarnings.forget(pipeline);
      return new Cleanup(
          true,
          DeletionEscape.notices(pipeline, recordedStackNames(pipeline).values()),
          Duration.ZERO);
    }
    Decision decision = access.admit(pipeline);
    if (decision instanceof Decision.Refused refused) {
      release(ref.uid());
      if (recordedStackNames(pipeline).isEmpty()) {
        // Nothing of it was ever deployed on record, and finding out would be an AWS call.
        return new Cleanup(true, notices, Duration.ZERO);
      }
      // Deleting stacks is an AWS call too: without a grant the stacks stay, and so does the
      // finalizer, until the grant is back (or the pipeline is annotated
      // datapipeline.io/deletion-policy: Orphan to abandon them, which needs no AWS call).
      notices.add(
          Notice.warning(
              Reason.NOT_PERMITTED,
              "cannot delete the stacks of " + ref + ": " + refused.message()));
      return new Cleanup(
          false, repeatedWarnings.filter(pipeline, notices), jittered(settledInterval));
    }
    Grant grant = ((Decision.Permitted) decision).grant();
    Optional<String> elsewhere = deletionRefused(pipeline, grant);
    if (elsewhere.isPresent() && !recordedStackNames(pipeline).isEmpty()) {
      // The stacks are in an account the tenant's role is not in: deleting "nothing" there would
      // drop the finalizer and orphan them.
      release(ref.uid());
      notices.add(
          Notice.warning(
              Reason.NOT_PERMITTED, "cannot delete the stacks of " + ref + ": " + elsewhere.get()));
      return new Cleanup(
          false, repeatedWarnings.filter(pipeline, notices), jittered(settledInterval));
    }
    ref = ref.withCloudFormationRoleArn(grant.cloudFormationRoleArn());
    AwsTarget target = deletionTarget(pipeline, grant, ref);
    StackPlan plan = renderedOrNull(pipeline, target, grant);
    Map<Component, String> names = stackNames(pipeline, plan, recordedNames(pipeline));
    if (names.isEmpty()) {
      release(ref.uid());
      return new Cleanup(true, notices, Duration.ZERO);
    }
    try {
      // Deleting needs the poller watching the stacks go, even in a freshly started operator.
      AwsSession aws = use(ref, target);
      restoreDeletions(ref.uid(), previousStatus(pipeline));
      PipelineNames actual = actualNames(pipeline, aws);
      if (actual != null && !actual.equals(recordedNames(pipeline))) {
        // Found deployed under legacy names with its status lost: delete those stacks.
        plan = plan == null ? null : withNames(pipeline, plan, actual, target, grant);
        names = stackNames(pipeline, plan, actual);
      }
      PipelineDeleter.Progress progress = deleter.step(ref, names, aws, notices);
      if (progress.done()) {
        dashboard.forget(ref.uid());
        dataPath.forget(ref.uid());
        repeatedWarnings.forget(pipeline);
        release(ref.uid());
        if (progress.leftBehind().isEmpty()) {
          notices.add(
              Notice.normal(Reason.STACKS_DELETED, "every stack of " + ref + " is deleted"));
        } else {
          // Never "StacksDeleted" while something the spec said to delete still exists.
          notices.add(
              Notice.warning(
                  Reason.RESOURCES_LEFT_BEHIND,
                  "every stack of "
                      + ref
                      + " is deleted, but these resources could not be and are still in AWS: "
                      + progress.leftBehind()));
        }
      }
      return new Cleanup(
          progress.done(),
          notices,
          jittered(fastInterval),
          progress.done() ? null : withDeletions(pipeline, ref.uid()));
    } catch (AwsCallException e) {
      LOG.warn("{}: deleting stacks: {} (will retry)", ref, e.getMessage());
      return new Cleanup(false, notices, jittered(fastInterval.multipliedBy(2)));
    }
  }

  /**
   * Takes up what the status recorded of the pipeline's stack deletions (an operator restarted in
   * the middle of one continues it): retry budgets, and what each deletion keeps and snapshots.
   */
  private void restoreDeletions(String uid, DataPipelineStatus previous) {
    deleter.retries().restore(uid, previous.deleteRetries);
    deleter.deletions().restore(uid, previous.stackDeletions);
  }

  /** Records the pipeline's stack deletions in {@code status} (null fields: none). */
  private void recordDeletions(DataPipelineStatus status, String uid) {
    var retries = deleter.retries().of(uid);
    status.deleteRetries = retries.isEmpty() ? null : retries;
    var deletions = deleter.deletions().of(uid);
    status.stackDeletions = deletions.isEmpty() ? null : deletions;
  }

  /**
   * The status with the deletion's retry budgets and deletions under way, when they changed (a
   * pipeline being deleted is not reconciled, so cleanup records them); null when nothing changed.
   */
  private DataPipelineStatus withDeletions(DataPipeline pipeline, String uid) {
    DataPipelineStatus previous = previousStatus(pipeline);
    DataPipelineStatus status = STATUS_JSON.convertValue(previous, DataPipelineStatus.class);
    recordDeletions(status, uid);
    return StatusDiff.changed(previous, status) ? status : null;
  }

  private static final ObjectMapper STATUS_JSON = new ObjectMapper();

  /**
   * Every stack the pipeline may have: those in its status, those {@code plan} holds, and the known
   * name of every component (a stack whose status entry was lost, e.g. after a component left the
   * plan, is still found; only stacks tagged with the pipeline's uid are ever deleted).
   */
  private static Map<Component, String> stackNames(
      DataPipeline pipeline, StackPlan plan, PipelineNames known) {
    Map<Component, String> names = recordedStackNames(pipeline);
    if (plan != null) {
      plan.stacks().forEach(s -> names.put(s.component(), s.stackName()));
    }
    if (names.isEmpty() && plan == null) {
      // Never deployable and nothing on record: nothing in AWS can be ours.
      return names;
    }
    if (known != null) {
      for (Component c : Component.values()) {
        names.putIfAbsent(c, known.stackName(c));
      }
    }
    return names;
  }

  /** The names the status gives the pipeline (null without a complete identity). */
  private static PipelineNames recordedNames(DataPipeline pipeline) {
    var meta = pipeline.getMetadata();
    if (meta.getNamespace() == null || meta.getName() == null || meta.getUid() == null) {
      return null;
    }
    return PipelineNames.of(
        new PipelineIdentity(meta.getNamespace(), meta.getName(), meta.getUid()),
        pipeline.getStatus());
  }

  /**
   * The names the pipeline really has: those its status gives; with nothing on record (new, or its
   * status lost), the legacy ones if stacks of its uid exist under them, so a pipeline deployed
   * before names were recorded never gets a second deployment under new names.
   */
  private static PipelineNames actualNames(DataPipeline pipeline, AwsSession aws) {
    PipelineNames recorded = recordedNames(pipeline);
    if (recorded == null || recorded.fromStatus()) {
      return recorded;
    }
    return LegacyNames.deployed(recorded.identity(), aws.stacks())
        ? PipelineNames.legacy(recorded.identity())
        : recorded;
  }

  /** {@code plan}, rendered again when it was made with other names than {@code names}. */
  private StackPlan withNames(
      DataPipeline pipeline, StackPlan plan, PipelineNames names, AwsTarget target, Grant grant) {
    if (names == null || plan.names() == null || plan.names().equals(names)) {
      return plan;
    }
    DataPipeline named = new DataPipeline();
    named.setMetadata(pipeline.getMetadata());
    named.setSpec(pipeline.getSpec());
    named.setStatus(names.asStatus());
    return render(named, target, grant);
  }

  /**
   * Calls were made with the plan's names: from now on the pipeline keeps them (status.names), even
   * when a later operator names new pipelines differently.
   */
  private static void recordNames(DataPipelineStatus status, StackPlan plan) {
    if (plan.names() != null) {
      status.names = plan.names().record(plan.stacks().stream().map(s -> s.component()).toList());
    }
  }

  /** The stacks the status lists. */
  private static Map<Component, String> recordedStackNames(DataPipeline pipeline) {
    Map<Component, String> names = new EnumMap<>(Component.class);
    for (StackStatus s : previousStatus(pipeline).stacks) {
      if (s.component != null && s.stackName != null) {
        names.put(Component.fromId(s.component), s.stackName);
      }
    }
    return names;
  }

  private StackPlan renderedOrNull(DataPipeline pipeline, AwsTarget target, Grant grant) {
    try {
      return render(pipeline, target, grant);
    } catch (RuntimeException e) {
      // An unrenderable spec still deletes what its status lists and what its names find.
      LOG.info("{}: cannot render for deletion: {}", PipelineRef.of(pipeline), e.getMessage());
      return null;
    }
  }

  /**
   * @param dashboardEvery how long a dashboard reading stands now (long while ECS events arrive)
   */
  private Optional<Duration> requeue(
      List<StackOutcome> outcomes, StackPlan plan, Duration dashboardEvery) {
    boolean working =
        outcomes.stream()
            .anyMatch(o -> o.phase() == Phase.IN_PROGRESS || o.phase() == Phase.WAITING);
    if (working) {
      // The poller also triggers a reconcile when a stack changes; this is the safety net.
      return Optional.of(jittered(fastInterval));
    }
    boolean hasDashboard =
        plan.stacks().stream().anyMatch(s -> s.component() == Component.DASHBOARD);
    // An approval by annotation changes no generation, so no event brings it: look again.
    boolean awaitingApproval = outcomes.stream().anyMatch(o -> o.phase() == Phase.PENDING_APPROVAL);
    if (awaitingApproval) {
      return Optional.of(jittered(settledInterval));
    }
    // The safety net for the dashboard's figures: an ECS event reconciles sooner.
    return hasDashboard ? Optional.of(jittered(dashboardEvery)) : Optional.empty();
  }

  /**
   * The spec cannot go ahead as written (or tenancy refuses it): on status and as a warning Event,
   * until the spec changes.
   */
  private Result specInvalid(DataPipeline pipeline, Reason reason, String message) {
    return result(
        pipeline,
        new Observation.SpecInvalid(reason, message),
        List.of(Notice.warning(reason, message)),
        Optional.empty());
  }

  private Result result(
      DataPipeline pipeline,
      Observation observation,
      List<Notice> notices,
      Optional<Duration> requeue) {
    return new Result(
        build(pipeline, observation), repeatedWarnings.filter(pipeline, notices), requeue);
  }

  private DataPipelineStatus build(DataPipeline pipeline, Observation observation) {
    long generation =
        pipeline.getMetadata().getGeneration() == null ? 0 : pipeline.getMetadata().getGeneration();
    DataPipelineStatus status = statusBuilder.build(pipeline.getStatus(), generation, observation);
    if (observation instanceof Observation.Deployed) {
      // Calls were made there: from now on the pipeline stays in this place.
      status.placement = placement.desired(pipeline);
      status.databaseEngineVersion =
          EngineVersionGuard.deployed(pipeline, ((Observation.Deployed) observation).stacks());
    }
    return status;
  }

  private static Optional<Duration> earliest(Optional<Duration> a, Optional<Duration> b) {
    if (a.isEmpty()) {
      return b;
    }
    if (b.isEmpty()) {
      return a;
    }
    return Optional.of(a.get().compareTo(b.get()) <= 0 ? a.get() : b.get());
  }

  private static Map<String, StackStatus> previousByStackName(DataPipeline pipeline) {
    Map<String, StackStatus> byName = new HashMap<>();
    for (StackStatus s : previousStatus(pipeline).stacks) {
      if (s.stackName != null) {
        byName.put(s.stackName, s);
      }
    }
    return byName;
  }

  /**
   * Where the grant's calls go. An assumed role gets a session per pipeline, named after it; the
   * operator's own identity (TENANCY=Open without a role) is shared by every pipeline.
   */
  private static AwsTarget target(
      String region, String roleArn, String externalId, PipelineRef ref) {
    return roleArn == null
        ? new AwsTarget(region, null)
        : new AwsTarget(
            region, roleArn, externalId, new AwsTarget.Caller(ref.namespace(), ref.name()));
  }

  /**
   * Deletion goes where the stacks are (the recorded placement); under TENANCY=Enforced with the
   * identity the tenant grants, under Open with the recorded one.
   */
  private AwsTarget deletionTarget(DataPipeline pipeline, Grant grant, PipelineRef ref) {
    AwsTarget where = placement.deletionTarget(pipeline);
    return grant.tenant() == null
        ? target(where.region(), where.roleArn(), null, ref)
        : target(where.region(), grant.roleArn(), grant.externalId(), ref);
  }

  /** Under tenancy: why the granted role cannot delete where the stacks are, if it cannot. */
  private Optional<String> deletionRefused(DataPipeline pipeline, Grant grant) {
    return grant.tenant() == null
        ? Optional.empty()
        : placement.problem(pipeline, grant.roleArn(), true);
  }

  /** Registers the pipeline with {@code target} (and off its previous one) and opens it. */
  private AwsSession use(PipelineRef ref, AwsTarget target) {
    AwsTarget previous = activeTargets.put(ref.uid(), target);
    if (previous != null && !previous.equals(target)) {
      sessions.inUse(previous, ref.uid(), false);
    }
    sessions.inUse(target, ref.uid(), true);
    return sessions.forTarget(target);
  }

  /** The pipeline needs no AWS session any more (suspended, refused, deleted). */
  private void release(String uid) {
    AwsTarget previous = activeTargets.remove(uid);
    if (previous != null) {
      sessions.inUse(previous, uid, false);
    }
  }

  private static DataPipelineStatus previousStatus(DataPipeline pipeline) {
    return pipeline.getStatus() == null ? new DataPipelineStatus() : pipeline.getStatus();
  }

  private static Map<Component, StackStatus> previousStacks(DataPipeline pipeline) {
    Map<Component, StackStatus> byComponent = new EnumMap<>(Component.class);
    for (StackStatus s : previousStatus(pipeline).stacks) {
      if (s.component != null) {
        byComponent.put(Component.fromId(s.component), s);
      }
    }
    return byComponent;
  }

  /** Spreads requeues of many pipelines over time instead of bunching them (+0..25%). */
  private static Duration jittered(Duration base) {
    long ms = base.toMillis();
    return Duration.ofMillis(ms + ThreadLocalRandom.current().nextLong(Math.max(1, ms / 4)));
  }
}
