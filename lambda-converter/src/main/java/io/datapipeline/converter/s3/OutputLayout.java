package io.datapipeline.converter.s3;

import io.datapipeline.converter.load.SourceFile;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Locale;

/**
 * Where a source object's outputs go (docs/contracts.md "Converter outputs"): the output bucket (or
 * the event's), Parquet and JSON Lines under their prefix and the event's UTC date, rejects under
 * theirs, each named after the key without its .csv suffix.
 */
public record OutputLayout(
    String outputBucket, String parquetPrefix, String jsonPrefix, String rejectedPrefix) {

  public String bucket(SourceFile source) {
    return outputBucket != null ? outputBucket : source.bucket();
  }

  public String parquetKey(SourceFile source) {
    return parquetPrefix + partition(source) + stem(source.key()) + ".parquet";
  }

  public String jsonKey(SourceFile source) {
    return jsonPrefix + partition(source) + stem(source.key()) + ".jsonl";
  }

  public String rejectsKey(SourceFile source) {
    return rejectedPrefix + stem(source.key()) + ".csv";
  }

  private static String partition(SourceFile source) {
    return "dt=" + LocalDate.ofInstant(source.eventTime(), ZoneOffset.UTC) + "/";
  }

  /** The object key without its .csv suffix: outputs are named after it. */
  static String stem(String key) {
    return key.toLowerCase(Locale.ROOT).endsWith(".csv") ? key.substring(0, key.length() - 4) : key;
  }
}
