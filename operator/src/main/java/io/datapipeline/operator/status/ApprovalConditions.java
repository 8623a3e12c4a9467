package io.datapipeline.operator.status;

import io.datapipeline.operator.conditions.ConditionType;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import java.util.List;

/**
 * The conditions of a pipeline whose change sets wait for a person: AwaitingApproval says what
 * waits and how to approve it, Ready keeps describing what is deployed, Reconciling says that
 * nothing moves until then.
 */
final class ApprovalConditions {

  private ApprovalConditions() {}

  static Conditions.Desired awaitingApproval(List<StackOutcome> stacks) {
    List<StackOutcome> pending = pending(stacks);
    if (pending.isEmpty()) {
      return cond(
          ConditionType.AWAITING_APPROVAL,
          false,
          Reason.NOTHING_TO_APPROVE,
          "no change set waits for approval");
    }
    // A data replacement is the reason to show first: it is the one that loses data.
    Reason reason =
        pending.stream().anyMatch(o -> o.reason() == Reason.DATA_REPLACEMENT)
            ? Reason.DATA_REPLACEMENT
            : pending.get(0).reason();
    return cond(ConditionType.AWAITING_APPROVAL, true, reason, messages(pending));
  }

  /** Ready, Reconciling while change sets wait and nothing else moves or failed. */
  static void whileAwaiting(List<StackOutcome> stacks, List<Conditions.Desired> conditions) {
    List<StackOutcome> pending = pending(stacks);
    StackOutcome waiting =
        stacks.stream().filter(o -> o.phase() == Phase.WAITING).findFirst().orElse(null);
    List<String> names = pending.stream().map(StackOutcome::stackName).toList();
    String waits =
        names.size() == 1
            ? "the change set of " + names.get(0) + " waits for approval"
            : "the change sets of " + String.join(", ", names) + " wait for approval";
    if (waiting == null) {
      conditions.add(
          cond(
              ConditionType.READY,
              true,
              Reason.ALL_STACKS_COMPLETE,
              stacks.size() + " stacks complete as last applied; " + waits));
    } else {
      conditions.add(cond(ConditionType.READY, false, waiting.reason(), waiting.message()));
    }
    conditions.add(cond(ConditionType.RECONCILING, false, Reason.AWAITING_APPROVAL, waits));
  }

  private static List<StackOutcome> pending(List<StackOutcome> stacks) {
    return stacks.stream().filter(o -> o.phase() == Phase.PENDING_APPROVAL).toList();
  }

  private static String messages(List<StackOutcome> pending) {
    return String.join("; ", pending.stream().map(StackOutcome::message).toList());
  }

  private static Conditions.Desired cond(
      ConditionType type, boolean status, Reason reason, String message) {
    return new Conditions.Desired(type.id(), status, reason.id(), message);
  }
}
