package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.ResourceChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** A change set as a person reviews it: the status entry and one line saying what it does. */
public final class ChangeSetSummary {

  private ChangeSetSummary() {}

  /** "3 changes: add Queue; modify Function; replace Db (AWS::RDS::DBInstance)". */
  public static String line(ChangeSetView cs) {
    List<ResourceChange> changes = cs.resourceChanges();
    if (changes.isEmpty()) {
      return cs.changes() + " change(s), " + cs.replacements().size() + " replacement(s)";
    }
    List<String> parts = new ArrayList<>();
    for (ResourceChange c : changes) {
      String verb =
          c.removes()
              ? "remove"
              : "True".equals(c.replacement())
                  ? "replace"
                  : "Conditional".equals(c.replacement())
                      ? "maybe replace"
                      : c.action() == null ? "change" : c.action().toLowerCase(Locale.ROOT);
      parts.add(verb + " " + c.logicalId() + " (" + c.resourceType() + ")");
    }
    return changes.size() + " change(s): " + String.join("; ", parts);
  }

  static StackStatus.PendingChangeSet pending(String name, ChangeSetView cs, String reason) {
    StackStatus.PendingChangeSet pending = new StackStatus.PendingChangeSet();
    pending.name = name;
    pending.changes = cs.resourceChanges().isEmpty() ? cs.changes() : cs.resourceChanges().size();
    pending.replacements = cs.replacements();
    pending.reason = reason;
    pending.summary = line(cs);
    pending.resourceChanges =
        cs.resourceChanges().stream()
            .map(
                c -> {
                  StackStatus.ResourceChange entry = new StackStatus.ResourceChange();
                  entry.logicalId = c.logicalId();
                  entry.resourceType = c.resourceType();
                  entry.action = c.action();
                  entry.replacement = c.replacement();
                  return entry;
                })
            .toList();
    return pending;
  }
}
