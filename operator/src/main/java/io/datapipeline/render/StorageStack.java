package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.IngestSpec;
import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.List;
import java.util.Map;

/**
 * The ingest bucket: private, encrypted, versioned, TLS only, with lifecycle rules and the
 * notification that starts the converter for new uploads under the ingest prefix (and for their
 * deletion with {@code ingest.onDelete: RemoveRows}).
 */
final class StorageStack {

  private StorageStack() {}

  static StackSpec render(RenderContext context) {
    StackBuilder stack =
        new StackBuilder(Component.STORAGE, context, "ingest bucket")
            .parameter(StackParameters.CONVERTER_FUNCTION_ARN);
    addBucket(stack.template(), context);
    stack
        .template()
        .output(StackOutput.BUCKET_NAME.key(), Fn.ref("Bucket"), "Upload CSV files here.")
        .output(StackOutput.BUCKET_ARN.key(), Fn.getAtt("Bucket", "Arn"), "ARN of the bucket.");
    return stack.build();
  }

  /** The bucket, its TLS-only policy and the notification that starts the converter. */
  private static void addBucket(Template t, RenderContext context) {
    IngestSpec ingest = context.spec().ingest;
    String prefix = ingest.prefix == null ? "" : ingest.prefix;
    String suffix = ingest.suffix == null ? "" : ingest.suffix;
    Map<String, Object> bucket =
        Buckets.privateVersioned(
            context.bucketName(), lifecycleRules(prefix, ingest.rawRetentionDays));
    List<Object> notifications = list(notification("s3:ObjectCreated:*", prefix, suffix));
    if (ingest.onDelete == IngestSpec.OnDelete.RemoveRows) {
      // A deletion by a user or a program (DeleteObject, also the delete marker of a versioned
      // bucket). Expiry by the lifecycle rule below is reported as s3:LifecycleExpiration:*, a
      // different event type that is not subscribed: expired raw uploads keep their rows.
      notifications.add(notification("s3:ObjectRemoved:*", prefix, suffix));
    }
    bucket.put("NotificationConfiguration", obj("LambdaConfigurations", notifications));
    t.resource("Bucket", "AWS::S3::Bucket", bucket)
        // Uploaded and converted data outlive the pipeline; deleting it is a deliberate act.
        .retentionPolicy("Retain");
    t.resource("BucketPolicy", "AWS::S3::BucketPolicy", Buckets.tlsOnlyPolicy("Bucket"));
  }

  private static Map<String, Object> notification(String event, String prefix, String suffix) {
    return obj(
        "Event",
        event,
        "Filter",
        keyFilter(prefix, suffix),
        "Function",
        StackParameters.CONVERTER_FUNCTION_ARN.ref());
  }

  private static List<Object> lifecycleRules(String prefix, int rawRetentionDays) {
    List<Object> rules = list(Buckets.abortIncompleteUploadsAndOldVersions());
    // Lifecycle filters know prefixes, not suffixes: with an empty ingest prefix, raw uploads
    // cannot be told apart from outputs, so they are not expired (documented in templates.md).
    if (!prefix.isEmpty()) {
      rules.add(
          obj(
              "Id",
              "ExpireRawUploads",
              "Status",
              "Enabled",
              "Prefix",
              prefix,
              "ExpirationInDays",
              rawRetentionDays));
    }
    return rules;
  }

  private static Map<String, Object> keyFilter(String prefix, String suffix) {
    if (prefix.isEmpty() && suffix.isEmpty()) {
      return null; // every new object triggers the converter
    }
    return obj(
        "S3Key",
        obj(
            "Rules",
            list(
                prefix.isEmpty() ? null : obj("Name", "prefix", "Value", prefix),
                suffix.isEmpty() ? null : obj("Name", "suffix", "Value", suffix))));
  }
}
