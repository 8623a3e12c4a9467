package io.datapipeline.operator.aws;

import io.datapipeline.operator.ports.ArtifactStore;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The artifacts bucket through S3 (server-side encrypted by the bucket's default).
 *
 * @param endpointBase the S3 endpoint templates are read from, e.g.
 *     https://s3.eu-west-1.amazonaws.com (or the endpoint override)
 */
public record S3ArtifactStore(S3Client s3, SessionCredentials as, String endpointBase)
    implements ArtifactStore {

  public S3ArtifactStore {
    endpointBase = endpointBase.endsWith("/") ? endpointBase : endpointBase + "/";
  }

  @Override
  public void put(String bucket, String key, String content) {
    try {
      s3.putObject(
          r -> as.on(r).bucket(bucket).key(key).contentType("application/json"),
          RequestBody.fromString(content));
    } catch (SdkException e) {
      throw AwsErrors.classify("PutObject", e);
    }
  }

  @Override
  public String templateUrl(String bucket, String key) {
    return endpointBase + bucket + "/" + key;
  }
}
