package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.Notice;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The administrator's way out of a deletion that cannot finish (AWS unreachable, the role gone, a
 * stack that will not delete): annotation {@code datapipeline.io/deletion-policy: Orphan} releases
 * the pipeline without any AWS call; its stacks stay, each named in a Warning Event.
 */
final class DeletionEscape {

  static final String ANNOTATION = "datapipeline.io/deletion-policy";
  static final String ORPHAN = "Orphan";

  private DeletionEscape() {}

  static boolean requested(DataPipeline pipeline) {
    Map<String, String> annotations = pipeline.getMetadata().getAnnotations();
    return annotations != null && ORPHAN.equals(annotations.get(ANNOTATION));
  }

  /**
   * One Warning per stack left in AWS: the stacks the status lists, else (nothing recorded) {@code
   * possible}, the names its stacks would have.
   */
  static List<Notice> notices(DataPipeline pipeline, Collection<String> possible) {
    List<String> left = new ArrayList<>();
    if (pipeline.getStatus() != null) {
      for (StackStatus s : pipeline.getStatus().stacks) {
        if (s.stackName != null) {
          left.add(s.stackName + (s.stackId == null ? "" : " (" + s.stackId + ")"));
        }
      }
    }
    boolean recorded = !left.isEmpty();
    if (!recorded) {
      left.addAll(possible);
    }
    String where =
        pipeline.getStatus() != null && pipeline.getStatus().placement != null
            ? " in " + pipeline.getStatus().placement.region
            : "";
    List<Notice> notices = new ArrayList<>();
    for (String stack : left) {
      notices.add(
          Notice.warning(
              Reason.STACK_ORPHANED,
              "released by "
                  + ANNOTATION
                  + ": "
                  + ORPHAN
                  + "; stack "
                  + stack
                  + (recorded ? " is left" : " may be left")
                  + " in AWS"
                  + where
                  + " with everything in it; delete it there when it is no longer wanted"));
    }
    return notices;
  }
}
