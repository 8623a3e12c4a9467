package io.datapipeline.converter.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * The CSV contract, exactly the JSON shape of the CRD's {@code spec.schema} (the operator's
 * SchemaSpec) with the same defaults. Construct through {@link SchemaLoader}, which validates.
 */
public record Schema(
    @JsonProperty("delimiter") String delimiter,
    @JsonProperty("quote") String quote,
    @JsonProperty("header") Boolean header,
    @JsonProperty("nullValues") List<String> nullValues,
    @JsonProperty("onBadRow") OnBadRow onBadRow,
    @JsonProperty("primaryKey") List<String> primaryKey,
    @JsonProperty("columns") List<Column> columns) {

  @JsonCreator
  public Schema {
    delimiter = delimiter == null ? "," : delimiter;
    quote = quote == null ? "\"" : quote;
    header = header == null ? Boolean.TRUE : header;
    nullValues = nullValues == null ? List.of("") : List.copyOf(nullValues);
    onBadRow = onBadRow == null ? OnBadRow.Quarantine : onBadRow;
    primaryKey = primaryKey == null ? List.of() : List.copyOf(primaryKey);
    columns = columns == null ? List.of() : List.copyOf(columns);
  }

  public char delimiterChar() {
    return delimiter.charAt(0);
  }

  public char quoteChar() {
    return quote.charAt(0);
  }

  public boolean hasHeader() {
    return header;
  }

  /**
   * True without a primary key: a row's identity is then its source object and line (PostgreSQL
   * gets the surrogate key {@code _dp_row_id}, DynamoDB items the key {@code _dp_partition} and
   * {@code _dp_line}; docs/contracts.md).
   */
  public boolean keyless() {
    return primaryKey.isEmpty();
  }

  /** Index of the named column, or -1. */
  public int indexOf(String name) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
