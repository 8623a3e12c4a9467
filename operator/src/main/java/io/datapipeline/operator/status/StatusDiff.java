package io.datapipeline.operator.status;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import java.util.Objects;

/** Decides whether a status patch is needed: only when something in it changed. */
public final class StatusDiff {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusDiff() {}

  public static boolean changed(DataPipelineStatus before, DataPipelineStatus after) {
    return snapshot(before).changedTo(after);
  }

  /**
   * The status as it is now, as a tree apart from the live objects. The new status shares objects
   * with the previous one ({@link StatusBuilder} carries stacks, outputs and drift over), so a step
   * that advanced one of them in place changed both, and comparing the two live objects found no
   * change: the patch was lost (drift progress was, until DriftWatch copied it). Taken before a
   * reconcile, the snapshot still holds what the cluster has.
   */
  public static Snapshot snapshot(DataPipelineStatus status) {
    // The model classes have no equals (but Condition): compare their JSON trees.
    return new Snapshot(status == null ? null : JSON.valueToTree(status));
  }

  /** A status frozen as its JSON tree; {@code json} is null for no status. */
  public record Snapshot(JsonNode json) {

    public boolean changedTo(DataPipelineStatus after) {
      if (json == null || after == null) {
        return json != null || after != null;
      }
      return !Objects.equals(json, JSON.valueToTree(after));
    }
  }
}
