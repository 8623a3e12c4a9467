package io.datapipeline.converter.postgres;

import io.datapipeline.converter.load.AuditEntry;
import io.datapipeline.converter.load.AuditTrail;
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
  public boolean alreadyLoaded(SourceFile source) throws SQLException {
    return LoadAudit.alreadyLoaded(
        session.forFile(), source.bucket(), source.key(), source.version());
  }

  @Override
  public void failed(AuditEntry entry, Exception cause) {
    Connection connection = session.current();
    if (connection == null) {
      return; // the database could not be reached: nowhere to record it
    }
    try {
      connection.rollback();
      connection.setAutoCommit(true);
      LoadAudit.insert(connection, entry);
    } catch (SQLException auditError) {
      cause.addSuppressed(auditError);
      session.close();
    }
  }
}
