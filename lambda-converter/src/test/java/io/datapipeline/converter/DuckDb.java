package io.datapipeline.converter;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An independent reader of what we write: DuckDB in process (test scope only). */
public final class DuckDb implements AutoCloseable {
  private final Connection connection;

  public DuckDb() throws SQLException {
    connection = DriverManager.getConnection("jdbc:duckdb:");
  }

  public Connection connection() {
    return connection;
  }

  /** Every row of {@code sql} as column name -> JDBC object, in result order. */
  public List<Map<String, Object>> rows(String sql) throws SQLException {
    return SqlRows.of(connection, sql);
  }

  /** Column name -> DuckDB type name of a Parquet file, as DuckDB understands it. */
  public Map<String, String> parquetTypes(String file) throws SQLException {
    Map<String, String> types = new LinkedHashMap<>();
    for (Map<String, Object> row : rows("DESCRIBE SELECT * FROM read_parquet('" + file + "')")) {
      types.put((String) row.get("column_name"), (String) row.get("column_type"));
    }
    return types;
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
