package io.datapipeline.converter.core;

import java.util.List;

/**
 * The rows the commit point holds now, by primary key: after a failed load was rolled back, the
 * last committed version of each. A sink written before the commit (DynamoDB) puts these back for
 * the keys the failed load touched, so nothing of the failed version stays behind.
 */
@FunctionalInterface
public interface CommittedRows {

  /** A committed row: values in schema column order, typed as the converter types them. */
  record Row(Object[] values, String sourceKey, String sourceVersion, long line) {}

  /** One entry per key, in order: its committed row, or null when the key has none. */
  List<Row> find(List<Object[]> keys) throws Exception;
}
