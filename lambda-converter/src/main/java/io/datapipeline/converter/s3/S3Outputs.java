package io.datapipeline.converter.s3;

import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.sink.CsvRejectSink;
import io.datapipeline.converter.sink.JsonLinesSink;
import io.datapipeline.converter.sink.OffThreadSink;
import io.datapipeline.converter.sink.ParquetSink;
import java.io.IOException;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import software.amazon.awssdk.services.s3.S3Client;

/** A source object's Parquet, JSON Lines and rejects objects in S3, laid out by the layout. */
public record S3Outputs(S3Client s3, OutputLayout layout) {

  /** The Parquet encoder, on a thread of its own when the function has a second vCPU. */
  public RowSink parquet(SourceFile source, Schema schema) throws IOException {
    return OffThreadSink.onSpareCore(
        new ParquetSink(
            schema,
            new S3MultipartOutput(
                s3,
                layout.bucket(source),
                layout.parquetKey(source),
                "application/vnd.apache.parquet"),
            CompressionCodecName.SNAPPY),
        "parquet-encoder");
  }

  /**
   * The JSON Lines encoder, on a thread of its own too when there is a second vCPU: parsing, the
   * Parquet encoder and the JSON encoder then share the two cores, instead of the parsing thread
   * also doing all of the JSON (a quarter of its time in the profile of docs/benchmarks.md).
   */
  public RowSink json(SourceFile source, Schema schema) {
    return OffThreadSink.onSpareCore(
        new JsonLinesSink(
            schema,
            new S3MultipartOutput(
                s3, layout.bucket(source), layout.jsonKey(source), "application/x-ndjson")),
        "json-encoder");
  }

  /** Opened on the first rejected row only. */
  public CsvRejectSink rejects(SourceFile source) {
    return new CsvRejectSink(
        () ->
            new S3MultipartOutput(
                s3, layout.bucket(source), layout.rejectsKey(source), "text/csv"));
  }

  /**
   * The object was deleted (onDelete: RemoveRows): its Parquet, JSON Lines and rejects objects go
   * too. In the versioned bucket this leaves delete markers; the lifecycle rule expires the
   * noncurrent versions. Deleting an absent key succeeds, so a retry converges.
   */
  public void deleteOutputs(SourceFile source) {
    String bucket = layout.bucket(source);
    for (String key :
        new String[] {
          layout.parquetKey(source), layout.jsonKey(source), layout.rejectsKey(source)
        }) {
      s3.deleteObject(b -> b.bucket(bucket).key(key));
    }
  }

  /** A previous version of this object may have left rejects that no longer apply. */
  public void dropStaleRejects(SourceFile source) {
    s3.deleteObject(b -> b.bucket(layout.bucket(source)).key(layout.rejectsKey(source)));
  }
}
