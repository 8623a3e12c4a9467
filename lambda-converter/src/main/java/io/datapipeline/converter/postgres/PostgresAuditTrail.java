package io.datapipeline.converter.postgres;

import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.AuditTrail;
import io.datapipeline.converter.load.Precedence;
import io.datapipeline.converter.load.SourceFile;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * The audit trail in {@code pipeline_loads}, on the session's connection. A success row is written
 * by {@link PostgresCopySink} in the load's transaction; this writes failures, after the rollback.
 */
public final class PostgresAuditTrail implements AuditTrail {

  private final PostgresSession session;

  public PostgresAuditTrail(PostgresSession session) {
    this.session = session;
  }

  @Override
  public Precedence precedence(SourceFile source) throws SQLException {
    return LoadAudit.precedence(
        session.forFile(), source.bucket(), source.key(), source.version(), source.sequencer());
  }

  @Override
  public void superseded(AuditEntry entry) throws SQLException {
    Connection connection = session.forFile();
    connection.setAutoCommit(true); // the load's transaction was rolled back
    LoadAudit.insert(connection, entry);
  }

  @Override
  public boolean failed(AuditEntry entry, Exception cause) {
    Connection connection = session.current();
    if (connection == null) {
      return false; // the database could not be reached: nowhere to record it
    }
    try {
      if (!connection.getAutoCommit()) {
        connection.rollback(); // whatever failed may have left the transaction open
        connection.setAutoCommit(true);
      }
      LoadAudit.insert(connection, entry);
      return true;
    } catch (SQLException auditError) {
      cause.addSuppressed(auditError);
      session.close();
      return false;
    }
  }
}
