package io.datapipeline.converter.postgres;

import io.datapipeline.converter.schema.Schema;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Brings the data table and {@code pipeline_loads} to the schema once per container: the schema
 * cannot change under a running function (a change deploys a new configuration).
 */
public final class TableSetup {

  private final String table;
  private boolean ready;

  public TableSetup(String table) {
    this.table = table;
  }

  /** The data table's name. */
  public String table() {
    return table;
  }

  public void ensure(Connection connection, Schema schema) throws SQLException {
    if (!ready) {
      PostgresTables.ensure(connection, schema, table);
      ready = true;
    }
  }
}
