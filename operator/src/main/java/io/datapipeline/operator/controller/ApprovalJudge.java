package io.datapipeline.operator.controller;

import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.ChangeControl;
import io.datapipeline.operator.deploy.Notice;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Tells a person what became of each approval they gave (annotation or spec.approvedChangeSet),
 * once: an approval that executed its change set was announced by the deployer; one that names
 * anything but a change set waiting for approval is ignored, with a Warning saying why.
 *
 * <p>Approvals are judged only when the pipeline is at rest (no stack in progress or waiting on
 * another): a change set waiting behind an upstream update is not looked at in that reconcile, and
 * its approval must not be called stale for it.
 */
final class ApprovalJudge {

  private static final Pattern OPERATOR_NAME = Pattern.compile("dp-(\\d+)-[0-9a-f]{16}");

  /**
   * @param handled the approvals acted on, to keep in status (only those still given)
   */
  record Judgement(List<Notice> notices, List<String> handled) {}

  private ApprovalJudge() {}

  static Judgement judge(
      ChangeControl control, List<String> handledBefore, List<StackOutcome> outcomes, long gen) {
    Set<String> before = handledBefore == null ? Set.of() : Set.copyOf(handledBefore);
    boolean atRest =
        outcomes.stream()
            .noneMatch(o -> o.phase() == Phase.IN_PROGRESS || o.phase() == Phase.WAITING);
    List<Notice> notices = new ArrayList<>();
    List<String> handled = new ArrayList<>();
    for (String name : control.approvals()) {
      if (before.contains(name) || executed(outcomes, name)) {
        handled.add(name);
      } else if (pending(outcomes).contains(name)) {
        continue; // cannot happen (an approved pending change set runs); judged next time
      } else if (atRest) {
        notices.add(Notice.warning(Reason.APPROVAL_IGNORED, ignored(name, outcomes, gen)));
        handled.add(name);
      }
    }
    return new Judgement(notices, handled);
  }

  private static String ignored(String name, List<StackOutcome> outcomes, long generation) {
    StringBuilder why =
        new StringBuilder("approval of change set ").append(name).append(" ignored: ");
    List<String> waiting =
        outcomes.stream()
            .filter(o -> o.pending() != null)
            .map(o -> o.pending().name + " (" + o.stackName() + ")")
            .toList();
    if (waiting.isEmpty()) {
      why.append("no change set waits for approval");
    } else {
      why.append("it is not the change set waiting for approval; waiting: ")
          .append(String.join(", ", waiting));
    }
    Matcher m = OPERATOR_NAME.matcher(name);
    if (m.matches() && Long.parseLong(m.group(1)) < generation) {
      why.append("; it previewed generation ")
          .append(m.group(1))
          .append(" and the spec has changed since (generation ")
          .append(generation)
          .append("): approve the new change set after reviewing it");
    }
    return why.toString();
  }

  private static boolean executed(List<StackOutcome> outcomes, String name) {
    return outcomes.stream().anyMatch(o -> name.equals(o.approvedChangeSet()));
  }

  private static List<String> pending(List<StackOutcome> outcomes) {
    return outcomes.stream().filter(o -> o.pending() != null).map(o -> o.pending().name).toList();
  }
}
