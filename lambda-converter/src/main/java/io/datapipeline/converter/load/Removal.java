package io.datapipeline.converter.load;

import java.util.function.LongFunction;

/**
 * One deleted object's removal from every destination, opened under the commit point's lock of the
 * object's key (a load of the same key waits, and so does a second removal). Either {@link
 * #removeAll} commits or {@link #abort} rolls back.
 */
public interface Removal {

  /** The object version the data table's rows of this key came from; null when it has none. */
  String loadedVersion() throws Exception;

  /** Whether this very event (same sequencer, or same version without one) was processed. */
  boolean alreadyProcessed() throws Exception;

  /**
   * Removes the object's items (DynamoDB) and outputs (Parquet, JSON Lines, rejects), then its
   * rows, and commits with the audit entry {@code audit} makes of the number of rows removed: the
   * commit point. A failure before the commit leaves the rows, so a retry finds and removes them
   * again.
   */
  long removeAll(LongFunction<AuditEntry> audit) throws Exception;

  /** Rolls back what was not committed; safe after {@link #removeAll}. */
  void abort();
}
