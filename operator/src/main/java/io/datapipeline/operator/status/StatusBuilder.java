package io.datapipeline.operator.status;

import static io.datapipeline.operator.conditions.ConditionType.READY;
import static io.datapipeline.operator.conditions.ConditionType.RECONCILING;
import static io.datapipeline.operator.conditions.ConditionType.STALLED;
import static io.datapipeline.operator.conditions.ConditionType.SUSPENDED;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.PipelineOutputs;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import io.datapipeline.render.StackOutput;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Builds the pipeline's status, in this one place, from the previous status and an observation. */
public final class StatusBuilder {

  private final Clock clock;

  public StatusBuilder(Clock clock) {
    this.clock = clock;
  }

  public DataPipelineStatus build(
      DataPipelineStatus previous, long generation, Observation observation) {
    DataPipelineStatus prev = previous == null ? new DataPipelineStatus() : previous;
    DataPipelineStatus status = new DataPipelineStatus();
    status.observedGeneration = generation;
    status.stacks = prev.stacks;
    status.outputs = prev.outputs;
    status.connectionSecret = prev.connectionSecret;
    status.dashboard = prev.dashboard;
    status.handledApprovals = prev.handledApprovals;
    status.placement = prev.placement;
    status.names = prev.names;
    status.databaseEngineVersion = prev.databaseEngineVersion;
    status.deleteRetries = prev.deleteRetries;
    status.stackDeletions = prev.stackDeletions;
    List<Conditions.Desired> conditions = new ArrayList<>();
    if (observation instanceof Observation.Deployed deployed) {
      status.stacks = stackStatuses(prev.stacks, deployed.stacks());
      status.outputs = outputs(deployed.stacks(), prev.outputs);
      status.connectionSecret = deployed.connectionSecret();
      status.dashboard = deployed.dashboard();
      overall(deployed.stacks(), conditions);
      conditions.add(notSuspended());
      conditions.add(ApprovalConditions.awaitingApproval(deployed.stacks()));
      for (StackOutcome o : deployed.stacks()) {
        // A stack whose change set waits still has what was deployed before, complete.
        conditions.add(
            cond(
                ConditionType.of(o.component()),
                o.phase() == Phase.READY || o.phase() == Phase.PENDING_APPROVAL,
                o.reason(),
                o.message()));
      }
    } else {
      summary(observation, prev, conditions);
      // Nothing was deployed: approvals and components stay as last observed.
      keepAwaitingApproval(prev, conditions);
      keepComponentConditions(prev, conditions);
    }
    status.conditions = Conditions.merge(prev.conditions, conditions, generation, clock.instant());
    return status;
  }

  /** Ready, Reconciling, Stalled and Suspended when no stack was deployed this time. */
  private static void summary(
      Observation observation, DataPipelineStatus prev, List<Conditions.Desired> conditions) {
    if (observation instanceof Observation.Suspended) {
      conditions.add(cond(READY, false, Reason.SUSPENDED, "spec.suspend is true"));
      conditions.add(cond(RECONCILING, false, Reason.SUSPENDED, "spec.suspend is true"));
      conditions.add(cond(STALLED, false, Reason.SUSPENDED, "spec.suspend is true"));
      conditions.add(
          cond(SUSPENDED, true, Reason.SUSPENDED, "spec.suspend is true: no AWS calls are made"));
    } else if (observation instanceof Observation.SpecInvalid invalid) {
      stalled(invalid.reason(), invalid.message(), "waiting for a spec change", conditions);
    } else if (observation instanceof Observation.Stalled stalled) {
      stalled(stalled.reason(), stalled.message(), "waiting for a change", conditions);
    } else if (observation instanceof Observation.Retrying retrying) {
      copy(prev, READY, conditions);
      conditions.add(cond(RECONCILING, true, retrying.reason(), retrying.message()));
      copy(prev, STALLED, conditions);
      conditions.add(notSuspended());
    }
  }

  /** Nothing moves until {@code waitingFor} happens. */
  private static void stalled(
      Reason reason, String message, String waitingFor, List<Conditions.Desired> conditions) {
    conditions.add(cond(READY, false, reason, message));
    conditions.add(cond(RECONCILING, false, reason, waitingFor));
    conditions.add(cond(STALLED, true, reason, message));
    conditions.add(notSuspended());
  }

  private static void overall(List<StackOutcome> stacks, List<Conditions.Desired> conditions) {
    StackOutcome stalled = first(stacks, Phase.STALLED);
    StackOutcome working = first(stacks, Phase.IN_PROGRESS);
    StackOutcome pending = first(stacks, Phase.PENDING_APPROVAL);
    if (stalled != null) {
      String message = stalled.stackName() + ": " + stalled.message();
      conditions.add(cond(READY, false, stalled.reason(), message));
      conditions.add(
          cond(
              RECONCILING,
              working != null,
              working != null ? working.reason() : stalled.reason(),
              working != null ? working.message() : "waiting for a spec change"));
      conditions.add(cond(STALLED, true, stalled.reason(), message));
    } else if (working != null) {
      conditions.add(cond(READY, false, working.reason(), working.message()));
      conditions.add(cond(RECONCILING, true, working.reason(), working.message()));
      conditions.add(cond(STALLED, false, Reason.NOT_STALLED, "no stack needs attention"));
    } else if (pending != null) {
      // Nothing moves until a person approves; Ready keeps describing what is deployed.
      ApprovalConditions.whileAwaiting(stacks, conditions);
      conditions.add(cond(STALLED, false, Reason.NOT_STALLED, "no stack needs attention"));
    } else if (first(stacks, Phase.WAITING) != null) {
      StackOutcome waiting = first(stacks, Phase.WAITING);
      conditions.add(cond(READY, false, waiting.reason(), waiting.message()));
      conditions.add(cond(RECONCILING, false, waiting.reason(), waiting.message()));
      conditions.add(cond(STALLED, false, Reason.NOT_STALLED, "no stack needs attention"));
    } else {
      String message = stacks.size() + " stacks complete";
      conditions.add(cond(READY, true, Reason.ALL_STACKS_COMPLETE, message));
      conditions.add(cond(RECONCILING, false, Reason.ALL_STACKS_COMPLETE, message));
      conditions.add(cond(STALLED, false, Reason.NOT_STALLED, "no stack needs attention"));
    }
  }

  private static List<StackStatus> stackStatuses(
      List<StackStatus> previous, List<StackOutcome> outcomes) {
    Map<String, StackStatus> byComponent = new HashMap<>();
    if (previous != null) {
      previous.forEach(s -> byComponent.put(s.component, s));
    }
    List<StackStatus> result = new ArrayList<>();
    for (StackOutcome o : outcomes) {
      StackStatus old = byComponent.get(o.component().id());
      StackStatus s = new StackStatus();
      s.component = o.component().id();
      s.stackName = o.stackName();
      if (o.stack() != null) {
        s.stackId = o.stack().id();
        s.status = o.stack().status();
        s.lastUpdated = o.stack().lastUpdated() == null ? null : o.stack().lastUpdated().toString();
        boolean sameStack = old != null && Objects.equals(old.stackId, s.stackId);
        // A hash is only kept for the very stack it was deployed to: a stack deleted and made
        // again under the same name has nothing of ours deployed yet.
        s.templateHash =
            o.appliedHash() != null ? o.appliedHash() : sameStack ? old.templateHash : null;
        // Drift belongs to the very stack it was detected on (the drift watch advances it).
        s.drift = sameStack ? old.drift : null;
        // The last failure stays on record until the stack is deployed again.
        s.reason =
            o.failure() != null
                ? o.failure()
                : o.phase() == Phase.READY || old == null ? null : old.reason;
      }
      if (o.stack() == null && old != null) {
        // Gone while being created again: remember why it failed until it is back.
        s.reason = o.failure() != null ? o.failure() : old.reason;
      }
      s.pendingChangeSet = o.pending();
      result.add(s);
    }
    return result;
  }

  private static PipelineOutputs outputs(List<StackOutcome> stacks, PipelineOutputs previous) {
    Map<String, String> all = new HashMap<>();
    boolean any = false;
    for (StackOutcome o : stacks) {
      if (o.stack() != null) {
        all.putAll(o.stack().outputs());
        any = true;
      }
    }
    if (!any) {
      return previous;
    }
    PipelineOutputs out = new PipelineOutputs();
    for (StackOutput output : StackOutput.publishedOutputs()) {
      output.published().orElseThrow().write().accept(out, all.get(output.key()));
    }
    return out;
  }

  private static void keepComponentConditions(
      DataPipelineStatus prev, List<Conditions.Desired> conditions) {
    if (prev.conditions == null) {
      return;
    }
    for (Condition c : prev.conditions) {
      boolean ofAComponent =
          c.type != null
              && ConditionType.fromId(c.type).flatMap(ConditionType::component).isPresent();
      if (ofAComponent) {
        conditions.add(
            new Conditions.Desired(c.type, "True".equals(c.status), c.reason, c.message));
      }
    }
  }

  /** Conditions of what stays in AWS while nothing is looked at: the last word on them stands. */
  private static void keepAwaitingApproval(
      DataPipelineStatus prev, List<Conditions.Desired> conditions) {
    for (ConditionType type :
        List.of(
            ConditionType.AWAITING_APPROVAL,
            ConditionType.DRIFTED,
            ConditionType.DATA_PATH_HEALTHY,
            ConditionType.STACK_QUOTA_NEARING)) {
      Condition c = Conditions.find(prev.conditions, type.id());
      if (c != null) {
        conditions.add(
            new Conditions.Desired(c.type, "True".equals(c.status), c.reason, c.message));
      }
    }
  }

  private static void copy(
      DataPipelineStatus prev, ConditionType type, List<Conditions.Desired> out) {
    Condition c = Conditions.find(prev.conditions, type.id());
    if (c != null) {
      out.add(new Conditions.Desired(type.id(), "True".equals(c.status), c.reason, c.message));
    } else {
      out.add(cond(type, false, Reason.RECONCILING, "not observed yet"));
    }
  }

  private static Conditions.Desired notSuspended() {
    return cond(SUSPENDED, false, Reason.NOT_SUSPENDED, "spec.suspend is false");
  }

  private static StackOutcome first(List<StackOutcome> stacks, Phase phase) {
    return stacks.stream().filter(o -> o.phase() == phase).findFirst().orElse(null);
  }

  private static Conditions.Desired cond(
      ConditionType type, boolean status, Reason reason, String msg) {
    return new Conditions.Desired(type.id(), status, reason.id(), msg);
  }
}
