package io.datapipeline.operator.status;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import java.util.Objects;

/** Decides whether a status patch is needed: only when something in it changed. */
public final class StatusDiff {

  private static final ObjectMapper JSON = new ObjectMapper();

  private StatusDiff() {}

  public static boolean changed(DataPipelineStatus before, DataPipelineStatus after) {
    if (before == null || after == null) {
      return before != after;
    }
    // The model classes have no equals (but Condition): compare their JSON trees.
    return !Objects.equals(JSON.valueToTree(before), JSON.valueToTree(after));
  }
}
