package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import java.util.Map;

/** Settings every bucket of the project shares. */
final class Buckets {

  private Buckets() {}

  static Map<String, Object> blockAllPublicAccess() {
    return obj(
        "BlockPublicAcls", true,
        "BlockPublicPolicy", true,
        "IgnorePublicAcls", true,
        "RestrictPublicBuckets", true);
  }

  /** S3-managed keys (SSE-S3): encryption at rest without a key policy to manage. */
  static Map<String, Object> defaultEncryption() {
    return obj(
        "ServerSideEncryptionConfiguration",
        list(obj("ServerSideEncryptionByDefault", obj("SSEAlgorithm", "AES256"))));
  }

  /** ACLs off: the bucket policy alone decides access. */
  static Map<String, Object> bucketOwnerEnforced() {
    return obj("Rules", list(obj("ObjectOwnership", "BucketOwnerEnforced")));
  }
}
