package io.datapipeline.converter.core;

import java.util.EnumMap;
import java.util.Map;

/** What one file's conversion did: row counts, bytes read, and seconds per stage. */
public record ConversionResult(
    long rowsLoaded,
    long rowsRejected,
    long bytesRead,
    double parseSeconds,
    Map<Stage, Double> stageSeconds) {

  public ConversionResult {
    stageSeconds = Map.copyOf(stageSeconds.isEmpty() ? new EnumMap<>(Stage.class) : stageSeconds);
  }

  public double seconds(Stage stage) {
    return stageSeconds.getOrDefault(stage, 0.0);
  }

  /** The CLI's one-line summary. */
  public String summary() {
    return "rows=" + rowsLoaded + " rejected=" + rowsRejected;
  }
}
