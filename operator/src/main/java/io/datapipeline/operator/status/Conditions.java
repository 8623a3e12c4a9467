package io.datapipeline.operator.status;

import io.datapipeline.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Merges freshly computed conditions into the previous ones per the Kubernetes API conventions:
 * keyed by type, lastTransitionTime kept unless the status flips, observedGeneration on each.
 */
public final class Conditions {

  private Conditions() {}

  /** A condition as computed now, without times. */
  public record Desired(String type, boolean status, String reason, String message) {}

  public static List<Condition> merge(
      List<Condition> previous, List<Desired> desired, long generation, Instant now) {
    List<Condition> merged = new ArrayList<>();
    for (Desired d : desired) {
      Condition old =
          previous == null
              ? null
              : previous.stream().filter(c -> d.type().equals(c.type)).findFirst().orElse(null);
      Condition c = new Condition(d.type(), d.status() ? "True" : "False", d.reason(), d.message());
      c.observedGeneration = generation;
      c.lastTransitionTime =
          old != null && Objects.equals(old.status, c.status) && old.lastTransitionTime != null
              ? old.lastTransitionTime
              : now.toString();
      merged.add(c);
    }
    return merged;
  }

  public static Condition find(List<Condition> conditions, String type) {
    return conditions == null
        ? null
        : conditions.stream().filter(c -> type.equals(c.type)).findFirst().orElse(null);
  }
}
