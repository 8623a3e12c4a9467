package io.datapipeline.converter.load;

import java.time.Instant;

/**
 * Where one file came from: an S3 object of an event (key URL-decoded) or, for the CLI, a local
 * path ({@code bucket} null). {@code sequencer} is the event's: it orders the events of one key
 * (null when unknown: a local file).
 */
public record SourceFile(
    String bucket,
    String key,
    String versionId,
    String eTag,
    long size,
    Instant eventTime,
    String sequencer) {

  /** The object version: S3's version id, or the ETag in an unversioned bucket. */
  public String version() {
    return versionId != null ? versionId : eTag == null ? "unknown" : eTag;
  }

  /** {@code s3://bucket/key}, or the path of a local file. */
  public String location() {
    return bucket == null ? key : "s3://" + bucket + "/" + key;
  }
}
