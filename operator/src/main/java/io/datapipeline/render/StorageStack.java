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
 * notification that starts the converter for new uploads under the ingest prefix.
 */
final class StorageStack {

  static final int ABORT_INCOMPLETE_UPLOADS_DAYS = 7;
  static final int NONCURRENT_VERSION_DAYS = 30;

  private StorageStack() {}

  static StackSpec render(RenderContext context) {
    IngestSpec ingest = context.spec().ingest;
    String prefix = ingest.prefix == null ? "" : ingest.prefix;
    String suffix = ingest.suffix == null ? "" : ingest.suffix;
    StackBuilder stack =
        new StackBuilder(Component.STORAGE, "DataPipeline " + context.label() + ": ingest bucket");
    stack.parameter(
        "ConverterFunctionArn",
        "String",
        "Function notified of new uploads.",
        ParameterValue.fromOutput(StackOutput.CONVERTER_FUNCTION_ARN));
    Template t = stack.template();

    t.resource(
            "Bucket",
            "AWS::S3::Bucket",
            obj(
                "BucketName",
                context.bucketName(),
                "BucketEncryption",
                Buckets.defaultEncryption(),
                "PublicAccessBlockConfiguration",
                Buckets.blockAllPublicAccess(),
                "OwnershipControls",
                Buckets.bucketOwnerEnforced(),
                "VersioningConfiguration",
                obj("Status", "Enabled"),
                "LifecycleConfiguration",
                obj("Rules", lifecycleRules(prefix, ingest.rawRetentionDays)),
                "NotificationConfiguration",
                obj(
                    "LambdaConfigurations",
                    list(
                        obj(
                            "Event",
                            "s3:ObjectCreated:*",
                            "Filter",
                            keyFilter(prefix, suffix),
                            "Function",
                            Fn.ref("ConverterFunctionArn"))))))
        // Uploaded and converted data outlive the pipeline; deleting it is a deliberate act.
        .retentionPolicy("Retain");

    t.resource(
        "BucketPolicy",
        "AWS::S3::BucketPolicy",
        obj(
            "Bucket",
            Fn.ref("Bucket"),
            "PolicyDocument",
            Iam.document(
                list(
                    Iam.denyInsecureTransport(
                        "s3:*", list(Fn.getAtt("Bucket", "Arn"), Fn.sub("${Bucket.Arn}/*")))))));

    t.output(StackOutput.BUCKET_NAME.key(), Fn.ref("Bucket"), "Upload CSV files here.")
        .output(StackOutput.BUCKET_ARN.key(), Fn.getAtt("Bucket", "Arn"), "ARN of the bucket.");
    return stack.build(context);
  }

  private static List<Object> lifecycleRules(String prefix, int rawRetentionDays) {
    List<Object> rules =
        list(
            obj(
                "Id",
                "AbortIncompleteUploadsAndOldVersions",
                "Status",
                "Enabled",
                "AbortIncompleteMultipartUpload",
                obj("DaysAfterInitiation", ABORT_INCOMPLETE_UPLOADS_DAYS),
                "NoncurrentVersionExpiration",
                obj("NoncurrentDays", NONCURRENT_VERSION_DAYS)));
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
