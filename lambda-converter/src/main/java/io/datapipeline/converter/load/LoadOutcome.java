package io.datapipeline.converter.load;

import io.datapipeline.converter.core.ConversionResult;

/**
 * What happened to one file: {@code success} with the conversion's numbers, or {@code skipped}
 * (this version was loaded before; {@code result} is null).
 */
public record LoadOutcome(String key, String status, ConversionResult result) {

  public static LoadOutcome success(String key, ConversionResult result) {
    return new LoadOutcome(key, "success", result);
  }

  public static LoadOutcome skipped(String key) {
    return new LoadOutcome(key, "skipped", null);
  }

  public long rowsLoaded() {
    return result == null ? 0 : result.rowsLoaded();
  }

  public long rowsRejected() {
    return result == null ? 0 : result.rowsRejected();
  }
}
