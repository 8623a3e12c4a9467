package io.datapipeline.converter.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

/**
 * DuckDB's side of {@code bench/converter.sh}: one whole JVM process doing {@code COPY (SELECT *
 * FROM read_csv(..., columns = ...)) TO ... (FORMAT parquet)} at a given thread count, so its JVM
 * start and native library load are paid exactly as our converter's are. Prints the rows copied.
 *
 * <p>Arguments: csv, parquet, threads, the DuckDB {@code columns} struct, the timestamp format.
 */
public final class DuckDbCopy {
  private DuckDbCopy() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 5) {
      System.err.println("usage: DuckDbCopy <csv> <parquet> <threads> <columns> <timestampformat>");
      System.exit(2);
    }
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement s = duck.createStatement()) {
      s.execute("SET threads = " + Integer.parseInt(args[2]));
      long rows =
          s.executeUpdate(
              "COPY (SELECT * FROM read_csv('"
                  + args[0].replace("'", "''")
                  + "', header = true, delim = ',', quote = '\"', escape = '\"', columns = "
                  + args[3]
                  + ", timestampformat = '"
                  + args[4]
                  + "')) TO '"
                  + args[1].replace("'", "''")
                  + "' (FORMAT parquet, COMPRESSION snappy)");
      System.out.println("rows=" + rows);
    }
  }
}
