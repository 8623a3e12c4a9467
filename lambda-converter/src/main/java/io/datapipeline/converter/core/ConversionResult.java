package io.datapipeline.converter.core;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What one file's conversion did: row counts, bytes read, seconds per stage, and the nullable
 * columns its header lacked (loaded as NULL).
 */
public record ConversionResult(
    long rowsLoaded,
    long rowsRejected,
    long bytesRead,
    double parseSeconds,
    Map<Stage, Double> stageSeconds,
    List<String> absentColumns) {

  public ConversionResult {
    stageSeconds = Map.copyOf(stageSeconds.isEmpty() ? new EnumMap<>(Stage.class) : stageSeconds);
    absentColumns = absentColumns == null ? List.of() : List.copyOf(absentColumns);
  }

  public double seconds(Stage stage) {
    return stageSeconds.getOrDefault(stage, 0.0);
  }

  /** The CLI's one-line summary. */
  public String summary() {
    return "rows=" + rowsLoaded + " rejected=" + rowsRejected;
  }
}
