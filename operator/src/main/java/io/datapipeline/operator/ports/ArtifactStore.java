package io.datapipeline.operator.ports;

/**
 * The bootstrap artifacts bucket of an account and region: schema documents and templates too large
 * to pass inline (over 51,200 bytes) are uploaded here.
 */
public interface ArtifactStore {

  /** Uploads {@code content} under {@code key} in {@code bucket} (idempotent). */
  void put(String bucket, String key, String content);

  /** The URL CloudFormation reads a template at. */
  String templateUrl(String bucket, String key);
}
