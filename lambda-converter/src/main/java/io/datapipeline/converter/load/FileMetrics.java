package io.datapipeline.converter.load;

import io.datapipeline.converter.core.ConversionResult;
import io.datapipeline.converter.core.Stage;

/** A file's numbers for the metrics (docs/contracts.md "Converter metrics"). */
public record FileMetrics(
    boolean succeeded,
    long rowsLoaded,
    long rowsRejected,
    long bytesRead,
    double parseSeconds,
    double postgresSeconds,
    double dynamoDbSeconds,
    double uploadSeconds,
    double totalSeconds) {

  static FileMetrics succeeded(ConversionResult result, double totalSeconds) {
    return new FileMetrics(
        true,
        result.rowsLoaded(),
        result.rowsRejected(),
        result.bytesRead(),
        result.parseSeconds(),
        result.seconds(Stage.POSTGRES),
        result.seconds(Stage.DYNAMODB),
        result.seconds(Stage.UPLOAD),
        totalSeconds);
  }

  static FileMetrics failed(double totalSeconds) {
    return new FileMetrics(false, 0, 0, 0, 0, 0, 0, 0, totalSeconds);
  }
}
