package io.datapipeline.converter.s3;

import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The outputs of a split object (docs/contracts.md "Large files"): each part writes its Parquet,
 * JSON Lines and rejects under a staging folder, {@code <prefix>_dp_staging/<stem>/<split>/} (a
 * name starting with {@code _}, which query engines skip), where a retried part overwrites its own
 * objects. When the split commits, the staged objects are copied to {@code
 * <prefix><stem>.parts/part-<n>.<ext>}, the parts of an earlier split and the single output of an
 * earlier whole-file load of the object are deleted, and the staging folder goes: readers never see
 * a part of a version that did not load.
 */
public final class PartOutputs {

  private static final String STAGING = "_dp_staging/";

  private final S3Client s3;
  private final OutputLayout layout;

  public PartOutputs(S3Client s3, OutputLayout layout) {
    this.s3 = s3;
    this.layout = layout;
  }

  public RowSink parquet(SourceFile source, long split, int part, Schema schema)
      throws IOException {
    S3MultipartOutput out =
        output(
            source,
            layout.parquetPrefix(),
            split,
            part,
            ".parquet",
            "application/vnd.apache.parquet");
    return new ParquetSink(schema, out, CompressionCodecName.SNAPPY);
  }

  public RowSink json(SourceFile source, long split, int part, Schema schema) {
    return new JsonLinesSink(
        schema, output(source, layout.jsonPrefix(), split, part, ".jsonl", "application/x-ndjson"));
  }

  /** Opened on the part's first rejected row only. */
  public CsvRejectSink rejects(SourceFile source, long split, int part) {
    return new CsvRejectSink(
        () -> output(source, layout.rejectedPrefix(), split, part, ".csv", "text/csv"));
  }

  /** One part's staged object under {@code prefix}. */
  private S3MultipartOutput output(
      SourceFile source, String prefix, long split, int part, String extension, String type) {
    String key = staged(prefix, source, split) + name(part, extension);
    return new S3MultipartOutput(s3, layout.bucket(source), key, type);
  }

  /**
   * The split committed: its staged objects become the object's outputs, replacing whatever an
   * earlier version left (a whole-file output, parts of another split). Copies first, deletes
   * after: a failure half-way leaves the staged objects for a retry.
   */
  public void publish(SourceFile source, long split) {
    String bucket = layout.bucket(source);
    for (String prefix :
        List.of(layout.parquetPrefix(), layout.jsonPrefix(), layout.rejectedPrefix())) {
      String staging = staged(prefix, source, split);
      String published = prefix + OutputLayout.stem(source.key()) + ".parts/";
      Set<String> now = new HashSet<>();
      for (String key : list(bucket, staging)) {
        String target = published + key.substring(staging.length());
        s3.copyObject(
            b ->
                b.sourceBucket(bucket)
                    .sourceKey(key)
                    .destinationBucket(bucket)
                    .destinationKey(target));
        now.add(target);
      }
      for (String key : list(bucket, published)) {
        if (!now.contains(key)) {
          s3.deleteObject(b -> b.bucket(bucket).key(key));
        }
      }
    }
    for (String key :
        new String[] {
          layout.parquetKey(source), layout.jsonKey(source), layout.rejectsKey(source)
        }) {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
  }

  /** Deletes the split's staging folders (after it committed, or failed). */
  public void discard(SourceFile source, long split) {
    String bucket = layout.bucket(source);
    for (String prefix :
        List.of(layout.parquetPrefix(), layout.jsonPrefix(), layout.rejectedPrefix())) {
      for (String key : list(bucket, staged(prefix, source, split))) {
        s3.deleteObject(b -> b.bucket(bucket).key(key));
      }
    }
  }

  private List<String> list(String bucket, String prefix) {
    List<String> keys = new ArrayList<>();
    for (S3Object object :
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents()) {
      keys.add(object.key());
    }
    return keys;
  }

  private static String staged(String prefix, SourceFile source, long split) {
    return prefix + STAGING + OutputLayout.stem(source.key()) + "/" + split + "/";
  }

  private static String name(int part, String extension) {
    return String.format("part-%05d%s", part, extension);
  }
}
