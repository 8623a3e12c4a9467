package io.datapipeline.converter.postgres;

import io.datapipeline.converter.core.RowBatch;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Savepoint;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The rows of an object's first load COPYed straight into the data table: no staging table, every
 * row written once (the staged move costs a second write of every row, measured 1.27-1.36x a plain
 * COPY of the file).
 *
 * <p>A keyed table's COPY runs in chunks of at most {@link #CHUNK_BYTES}, each in its own
 * savepoint, and a chunk's encoded rows are kept until its COPY ends: a key already in the table or
 * repeated in the file breaks the primary key, the chunk is rolled back, and its rows are still at
 * hand for the staging table that takes over (the chunks before stay; a later row of a key still
 * wins, through the staged upsert). At most {@link #MAX_CHUNKS} chunks: PostgreSQL keeps 64
 * subtransactions per transaction in its fast cache. A keyless table's rows cannot collide (its
 * identity is the object and line, and the object's previous rows were deleted first): one COPY,
 * nothing kept.
 */
final class DirectCopy {

  /** Bytes of encoded rows per chunk of a keyed COPY (what a unique violation can cost twice). */
  static final int CHUNK_BYTES = 16 << 20;

  /** Chunks in savepoints before the rest goes to the staging table. */
  static final int MAX_CHUNKS = 32;

  /** How a keyed COPY is cut: chunks of about {@code bytes}, at most {@code count} of them. */
  record Chunks(int bytes, int count) {
    static final Chunks DEFAULT = new Chunks(CHUNK_BYTES, MAX_CHUNKS);
  }

  /** A keyless COPY's rows are sent every this many bytes. */
  private static final int SEND_BYTES = 1 << 16;

  private static final String UNIQUE_VIOLATION = "23505";

  private final Connection connection;
  private final String copySql;
  private final boolean guarded;
  private final byte[] lineage;
  private final Chunks limits;
  private final GrowableBytes chunk = new GrowableBytes();
  private final PgBinaryRowWriter writer = new PgBinaryRowWriter(chunk);
  private CopyIn copy;
  private Savepoint savepoint;
  private int sent;
  private int chunks;

  /**
   * {@code guarded}: chunks in savepoints, kept until their COPY ends (a keyed table); {@code
   * lineage}: the two constant lineage fields after each row's line ({@link
   * PgBinaryRowWriter#constantFields}).
   */
  DirectCopy(
      Connection connection, String copySql, boolean guarded, byte[] lineage, Chunks limits) {
    this.connection = connection;
    this.copySql = copySql;
    this.guarded = guarded;
    this.lineage = lineage;
    this.limits = limits;
  }

  /**
   * Writes the batch's rows; false when they broke a key's uniqueness: the chunk is rolled back and
   * its rows, this batch's included, are in {@link #keptRows}.
   */
  boolean write(RowBatch batch) throws SQLException, IOException {
    if (copy == null) {
      begin();
    }
    for (int i = 0; i < batch.size(); i++) {
      writer.row(batch, i, batch.line(i), lineage, 3);
    }
    writer.flush();
    if (!guarded) {
      if (chunk.size() >= SEND_BYTES) {
        send();
        chunk.reset();
        sent = 0;
      }
      return true;
    }
    try {
      send();
    } catch (SQLException e) {
      return failed(e);
    }
    return chunk.size() < limits.bytes() || endChunk();
  }

  /** True when no further chunk may open: the remaining rows go to the staging table. */
  boolean full() {
    return copy == null && chunks >= limits.count();
  }

  /** Ends the open chunk; false when its rows broke a key's uniqueness (as {@link #write}). */
  boolean finish() throws SQLException {
    if (copy == null) {
      return true;
    }
    if (!guarded) {
      send();
    }
    return endChunk();
  }

  /** Writes the rolled-back chunk's rows (no header, no trailer) to {@code staging}. */
  void keptRows(PgBinaryRowWriter staging) throws IOException {
    staging.raw(chunk.array(), 0, chunk.size());
  }

  /** Cancels an open COPY (the caller rolls the transaction back). */
  void abort() {
    if (copy != null && copy.isActive()) {
      try {
        copy.cancelCopy();
      } catch (SQLException ignored) {
        // the rollback discards the COPY anyway
      }
    }
  }

  private void begin() throws SQLException {
    if (guarded) {
      savepoint = connection.setSavepoint();
    }
    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(copySql);
    copy.writeToCopy(PgBinaryRowWriter.HEADER, 0, PgBinaryRowWriter.HEADER.length);
    chunk.reset();
    sent = 0;
  }

  private void send() throws SQLException {
    if (chunk.size() > sent) {
      copy.writeToCopy(chunk.array(), sent, chunk.size() - sent);
      sent = chunk.size();
    }
  }

  private boolean endChunk() throws SQLException {
    try {
      copy.writeToCopy(PgBinaryRowWriter.TRAILER, 0, PgBinaryRowWriter.TRAILER.length);
      copy.endCopy();
    } catch (SQLException e) {
      return failed(e);
    }
    copy = null;
    if (guarded) {
      connection.releaseSavepoint(savepoint);
      chunk.reset();
      sent = 0;
    }
    chunks++;
    return true;
  }

  /** A unique violation of a guarded chunk rolls it back; any other failure is the load's. */
  private boolean failed(SQLException e) throws SQLException {
    if (!guarded || !UNIQUE_VIOLATION.equals(e.getSQLState())) {
      throw e;
    }
    abort();
    copy = null;
    connection.rollback(savepoint);
    return false;
  }
}
