package io.datapipeline.operator.testing;

import io.datapipeline.operator.errors.AwsCallException;
import io.datapipeline.operator.ports.ArtifactStore;
import java.util.LinkedHashMap;
import java.util.Map;

/** Records uploads to the artifacts bucket. */
public final class FakeArtifactStore implements ArtifactStore {

  public final Map<String, String> objects = new LinkedHashMap<>();
  public int puts;

  /** When set, every upload fails with it (e.g. AccessDenied on the bucket), until cleared. */
  public AwsCallException failPuts;

  @Override
  public synchronized void put(String bucket, String key, String content) {
    if (failPuts != null) {
      throw failPuts;
    }
    puts++;
    objects.put(bucket + "/" + key, content);
  }

  @Override
  public String templateUrl(String bucket, String key) {
    return "https://" + bucket + ".s3.eu-west-1.amazonaws.com/" + key;
  }
}
