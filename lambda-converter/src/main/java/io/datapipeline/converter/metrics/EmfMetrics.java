package io.datapipeline.converter.metrics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.converter.load.FileMetrics;
import io.datapipeline.converter.load.LoadMetrics;
import io.datapipeline.converter.load.SourceFile;
import java.io.PrintStream;

/**
 * One CloudWatch Embedded Metric Format line per file (docs/contracts.md "Converter metrics"):
 * namespace DataPipeline/Converter, dimension Pipeline. Lambda ships stdout to CloudWatch Logs,
 * which extracts the metrics: no PutMetricData call. Lines for {@link #fileDone} name {@code
 * pipeline}: every file is one of its.
 */
public record EmfMetrics(PrintStream out, String pipeline) implements LoadMetrics {
  public static final String NAMESPACE = "DataPipeline/Converter";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** Lines for {@link #emit}, which names the pipeline per call. */
  public EmfMetrics(PrintStream out) {
    this(out, null);
  }

  @Override
  public void fileDone(SourceFile source, FileMetrics metrics) {
    emit(pipeline, source.bucket(), source.key(), metrics);
  }

  public String line(
      String pipeline, String bucket, String key, FileMetrics m, long timestampMillis) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode aws = root.putObject("_aws");
    aws.put("Timestamp", timestampMillis);
    ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
    directive.put("Namespace", NAMESPACE);
    directive.putArray("Dimensions").addArray().add("Pipeline");
    ArrayNode metrics = directive.putArray("Metrics");
    metric(metrics, "FilesSucceeded", "Count");
    metric(metrics, "FilesFailed", "Count");
    metric(metrics, "RowsLoaded", "Count");
    metric(metrics, "RowsRejected", "Count");
    metric(metrics, "BytesRead", "Bytes");
    for (String seconds :
        new String[] {
          "ParseSeconds", "PostgresSeconds", "DynamoDbSeconds", "UploadSeconds", "TotalSeconds"
        }) {
      metric(metrics, seconds, "Seconds");
    }
    root.put("Pipeline", pipeline);
    root.put("FilesSucceeded", m.succeeded() ? 1 : 0);
    root.put("FilesFailed", m.succeeded() ? 0 : 1);
    root.put("RowsLoaded", m.rowsLoaded());
    root.put("RowsRejected", m.rowsRejected());
    root.put("BytesRead", m.bytesRead());
    root.put("ParseSeconds", m.parseSeconds());
    root.put("PostgresSeconds", m.postgresSeconds());
    root.put("DynamoDbSeconds", m.dynamoDbSeconds());
    root.put("UploadSeconds", m.uploadSeconds());
    root.put("TotalSeconds", m.totalSeconds());
    root.put("SourceBucket", bucket);
    root.put("SourceKey", key);
    return root.toString();
  }

  public void emit(String pipeline, String bucket, String key, FileMetrics m) {
    out.println(line(pipeline, bucket, key, m, System.currentTimeMillis()));
  }

  private static void metric(ArrayNode metrics, String name, String unit) {
    metrics.addObject().put("Name", name).put("Unit", unit);
  }
}
