package io.datapipeline.converter;

import java.util.List;

/**
 * What one invocation did, per object: status {@code success}, {@code skipped} (this version was
 * loaded already), {@code superseded} (a newer event of the key was loaded already) or {@code
 * failed} (the file can never load: audited and sent to the failure queue, not retried).
 */
public record HandlerReport(List<ObjectReport> objects) {

  /** One object's result. */
  public record ObjectReport(
      String bucket, String key, String status, long rowsLoaded, long rowsRejected) {}
}
