package io.datapipeline.converter.load;

import io.datapipeline.converter.core.ConversionResult;

/**
 * What happened to one file: {@code success} with the conversion's numbers, {@code skipped} (this
 * version was loaded before) or {@code superseded} (a newer event of the key was loaded); {@code
 * result} is null unless loaded. A deleted object's outcome is {@code removed} (with the rows
 * removed), {@code kept} (a version other than the loaded one was deleted) or {@code ignored}.
 */
public record LoadOutcome(String key, String status, ConversionResult result, long rowsRemoved) {

  public LoadOutcome(String key, String status, ConversionResult result) {
    this(key, status, result, 0);
  }

  /** An ObjectRemoved event this converter does not act on (onDelete: Keep, lifecycle expiry). */
  public static LoadOutcome ignored(String key) {
    return new LoadOutcome(key, "ignored", null);
  }

  public static LoadOutcome success(String key, ConversionResult result) {
    return new LoadOutcome(key, "success", result);
  }

  public static LoadOutcome skipped(String key) {
    return new LoadOutcome(key, "skipped", null);
  }

  public static LoadOutcome superseded(String key) {
    return new LoadOutcome(key, "superseded", null);
  }

  public long rowsLoaded() {
    return result == null ? 0 : result.rowsLoaded();
  }

  public long rowsRejected() {
    return result == null ? 0 : result.rowsRejected();
  }
}
