package io.datapipeline.converter.s3;

import io.datapipeline.converter.load.SourceFile;
import java.util.Locale;

/**
 * Where a source object's outputs go (docs/contracts.md "Converter outputs"): the output bucket (or
 * the event's), each output under its prefix and named after the key without its .csv suffix. The
 * path depends on the key only, so a new version of the object overwrites its outputs in place: no
 * second copy for a query engine to find (a date partition from the event time would put a
 * re-upload on another day beside the old one).
 */
public record OutputLayout(
    String outputBucket, String parquetPrefix, String jsonPrefix, String rejectedPrefix) {

  public String bucket(SourceFile source) {
    return outputBucket != null ? outputBucket : source.bucket();
  }

  public String parquetKey(SourceFile source) {
    return parquetPrefix + stem(source.key()) + ".parquet";
  }

  public String jsonKey(SourceFile source) {
    return jsonPrefix + stem(source.key()) + ".jsonl";
  }

  public String rejectsKey(SourceFile source) {
    return rejectedPrefix + stem(source.key()) + ".csv";
  }

  /** The object key without its .csv suffix: outputs are named after it. */
  static String stem(String key) {
    return key.toLowerCase(Locale.ROOT).endsWith(".csv") ? key.substring(0, key.length() - 4) : key;
  }
}
