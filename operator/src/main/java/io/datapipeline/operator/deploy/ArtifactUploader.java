package io.datapipeline.operator.deploy;

import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.Names;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads plan artifacts and oversized templates to the artifacts bucket, once per content: keys
 * carry a content hash, so an object uploaded before never needs uploading again.
 */
public final class ArtifactUploader {

  /** CloudFormation's limit for an inline TemplateBody. */
  public static final int MAX_INLINE_TEMPLATE_BYTES = 51_200;

  private final Set<String> uploaded = ConcurrentHashMap.newKeySet();

  public void upload(AwsSession aws, String bucket, String key, String content) {
    String id = aws.accountRegion() + "|" + bucket + "|" + key + "|" + Names.sha256Hex(content);
    if (uploaded.contains(id)) {
      return;
    }
    aws.artifacts().put(bucket, key, content);
    uploaded.add(id);
  }

  public static boolean tooLargeForInline(String templateBody) {
    return templateBody.getBytes(StandardCharsets.UTF_8).length > MAX_INLINE_TEMPLATE_BYTES;
  }
}
