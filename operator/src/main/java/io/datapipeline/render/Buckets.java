package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.Fn;
import java.util.List;
import java.util.Map;

/** Settings every bucket of the project shares: the ingest bucket and the artifacts bucket. */
final class Buckets {

  static final int ABORT_INCOMPLETE_UPLOADS_DAYS = 7;
  static final int NONCURRENT_VERSION_DAYS = 30;

  private Buckets() {}

  /**
   * The properties of a private, encrypted, versioned bucket named {@code bucketName} with {@code
   * lifecycleRules}; the caller may add more (e.g. notifications) to the returned map.
   */
  static Map<String, Object> privateVersioned(Object bucketName, List<Object> lifecycleRules) {
    return obj(
        "BucketName",
        bucketName,
        "BucketEncryption",
        defaultEncryption(),
        "PublicAccessBlockConfiguration",
        blockAllPublicAccess(),
        "OwnershipControls",
        bucketOwnerEnforced(),
        "VersioningConfiguration",
        obj("Status", "Enabled"),
        "LifecycleConfiguration",
        obj("Rules", lifecycleRules));
  }

  /** Versioning keeps old versions and failed uploads keep parts: both expire. */
  static Map<String, Object> abortIncompleteUploadsAndOldVersions() {
    return obj(
        "Id",
        "AbortIncompleteUploadsAndOldVersions",
        "Status",
        "Enabled",
        "AbortIncompleteMultipartUpload",
        obj("DaysAfterInitiation", ABORT_INCOMPLETE_UPLOADS_DAYS),
        "NoncurrentVersionExpiration",
        obj("NoncurrentDays", NONCURRENT_VERSION_DAYS));
  }

  /** The properties of a bucket policy refusing every request to the bucket without TLS. */
  static Map<String, Object> tlsOnlyPolicy(String bucketLogicalId) {
    return obj(
        "Bucket",
        Fn.ref(bucketLogicalId),
        "PolicyDocument",
        Iam.document(
            list(
                Iam.denyInsecureTransport(
                    "s3:*",
                    list(
                        Fn.getAtt(bucketLogicalId, "Arn"),
                        Fn.sub("${" + bucketLogicalId + ".Arn}/*"))))));
  }

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
