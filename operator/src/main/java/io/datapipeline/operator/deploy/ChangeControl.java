package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DriftPolicy;
import io.datapipeline.api.v1alpha1.ReplacementPolicy;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * What a person has said about the pipeline's change sets, read once per reconcile: the change sets
 * approved by name and whether data resources are guarded against replacement.
 *
 * @param approvals change set names from the annotation and from spec.approvedChangeSet
 * @param guardDataResources spec.replacementPolicy is Guard
 * @param revertDrift spec.driftPolicy is Revert
 */
public record ChangeControl(
    Set<String> approvals, boolean guardDataResources, boolean revertDrift) {

  /** {@code kubectl annotate dp NAME datapipeline.io/approve=<changeSetName>}. */
  public static final String APPROVE_ANNOTATION = "datapipeline.io/approve";

  public ChangeControl {
    approvals = Set.copyOf(approvals);
  }

  /** Nothing approved, data resources guarded: the defaults. */
  public static ChangeControl defaults() {
    return new ChangeControl(Set.of(), true, false);
  }

  public static ChangeControl of(DataPipeline pipeline) {
    Set<String> approvals = new LinkedHashSet<>();
    Map<String, String> annotations = pipeline.getMetadata().getAnnotations();
    if (annotations != null) {
      approvals.addAll(names(annotations.get(APPROVE_ANNOTATION)));
    }
    approvals.addAll(names(pipeline.getSpec().approvedChangeSet));
    return new ChangeControl(
        approvals,
        pipeline.getSpec().replacementPolicy != ReplacementPolicy.Allow,
        pipeline.getSpec().driftPolicy == DriftPolicy.Revert);
  }

  public boolean approves(String changeSetName) {
    return approvals.contains(changeSetName);
  }

  /** "a, b" -> [a, b]; blanks dropped. */
  static Set<String> names(String value) {
    Set<String> names = new LinkedHashSet<>();
    if (value != null) {
      Arrays.stream(value.split(","))
          .map(String::trim)
          .filter(n -> !n.isEmpty())
          .forEach(names::add);
    }
    return names;
  }
}
