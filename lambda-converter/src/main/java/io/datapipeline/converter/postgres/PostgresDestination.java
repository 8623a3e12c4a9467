package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.CommittedRows;
import io.datapipeline.converter.core.DroppedKeys;
import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.SourceFile;
import io.datapipeline.converter.schema.Schema;
import java.sql.SQLException;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * The pipeline's PostgreSQL as a destination: tables and reader role ready before each file, then
 * one {@link PostgresCopySink} per file whose commit carries the file's audit row. {@code
 * readerRole} may be null (no reader secret configured).
 */
public record PostgresDestination(
    PostgresSession session, TableSetup tables, ReaderRoleSync readerRole) {

  /** The destination of {@code table}, whose DDL is applied before its first file. */
  public PostgresDestination(PostgresSession session, String table, ReaderRoleSync readerRole) {
    this(session, new TableSetup(table), readerRole);
  }

  public void prepare(Schema schema) throws SQLException {
    var connection = session.connect();
    tables.ensure(connection, schema);
    if (readerRole != null) {
      readerRole.ensure(connection);
    }
  }

  /**
   * The data table's committed rows (what a failed load of {@code source}'s DynamoDB items are
   * restored from).
   */
  public CommittedRows committedRows(Schema schema, SourceFile source) {
    return new PostgresCommittedRows(session, schema, tables.table(), source.key());
  }

  /** Opens the removal of {@code source}'s rows (it holds the object's lock until it ends). */
  public PostgresRemoval openRemoval(SourceFile source, Schema schema) throws SQLException {
    return new PostgresRemoval(
        session.forFile(), schema, tables.table(), source.bucket(), source.key());
  }

  public PostgresCopySink open(
      SourceFile source,
      Schema schema,
      Instant started,
      Supplier<AuditEntry> successAudit,
      DroppedKeys dropped)
      throws SQLException {
    return new PostgresCopySink(
        session.forFile(),
        schema,
        tables.table(),
        PostgresCopySink.Lineage.of(source, started),
        c -> LoadAudit.insert(c, successAudit.get()),
        dropped,
        PostgresCopySink.Staging.ON_KEY_CONFLICT);
  }
}
