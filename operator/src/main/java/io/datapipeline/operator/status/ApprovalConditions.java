package io.datapipeline.operator.status;

import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import java.util.List;

/**
 * The conditions of a pipeline whose change sets wait for a person: AwaitingApproval says what
 * waits and how to approve it, Ready keeps describing what is deployed, Reconciling says that
 * nothing moves until then.
 */
final class ApprovalConditions {

  private static final String DATA_REPLACEMENT = "DataReplacement";

  private ApprovalConditions() {}

  static Conditions.Desired awaitingApproval(List<StackOutcome> stacks) {
    List<StackOutcome> pending = pending(stacks);
    if (pending.isEmpty()) {
      return new Conditions.Desired(
          StatusBuilder.AWAITING_APPROVAL,
          false,
          "NothingToApprove",
          "no change set waits for approval");
    }
    // A data replacement is the reason to show first: it is the one that loses data.
    String reason =
        pending.stream().anyMatch(o -> DATA_REPLACEMENT.equals(o.reason()))
            ? DATA_REPLACEMENT
            : pending.get(0).reason();
    return new Conditions.Desired(StatusBuilder.AWAITING_APPROVAL, true, reason, messages(pending));
  }

  /** Ready, Reconciling while change sets wait and nothing else moves or failed. */
  static void whileAwaiting(List<StackOutcome> stacks, List<Conditions.Desired> conditions) {
    List<StackOutcome> pending = pending(stacks);
    StackOutcome waiting =
        stacks.stream().filter(o -> o.phase() == Phase.WAITING).findFirst().orElse(null);
    String waits =
        pending.size()
            + " change set(s) wait for approval: "
            + String.join(", ", pending.stream().map(StackOutcome::stackName).toList());
    if (waiting == null) {
      conditions.add(
          new Conditions.Desired(
              StatusBuilder.READY,
              true,
              "AllStacksComplete",
              stacks.size() + " stacks complete as last applied; " + waits));
    } else {
      conditions.add(
          new Conditions.Desired(StatusBuilder.READY, false, waiting.reason(), waiting.message()));
    }
    conditions.add(
        new Conditions.Desired(
            StatusBuilder.RECONCILING, false, StatusBuilder.AWAITING_APPROVAL, waits));
  }

  private static List<StackOutcome> pending(List<StackOutcome> stacks) {
    return stacks.stream().filter(o -> o.phase() == Phase.PENDING_APPROVAL).toList();
  }

  private static String messages(List<StackOutcome> pending) {
    return String.join("; ", pending.stream().map(StackOutcome::message).toList());
  }
}
