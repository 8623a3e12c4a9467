package io.datapipeline.converter.load;

/**
 * Where each file's outcome is recorded. A success is recorded by the commit point itself, in its
 * transaction (see {@link Destinations#open}); this port orders events of one key and records what
 * was not loaded. {@link #precedence} is asked after the destinations were opened: the commit point
 * holds the key's lock by then, so two loads of one key decide one after the other.
 */
public interface AuditTrail {

  /** No audit (the CLI: a local file is not one of the pipeline's objects). */
  AuditTrail NONE =
      new AuditTrail() {
        @Override
        public Precedence precedence(SourceFile source) {
          return Precedence.NEW;
        }

        @Override
        public void superseded(AuditEntry entry) {}

        @Override
        public void failed(AuditEntry entry, Exception cause) {}
      };

  /** How {@code source} stands against the loads of its key so far. */
  Precedence precedence(SourceFile source) throws Exception;

  /**
   * Records an event that changed nothing (a late event, {@code superseded}; a deletion of a
   * version other than the loaded one, {@code kept}), after the destinations were aborted.
   */
  void superseded(AuditEntry entry) throws Exception;

  /**
   * Records a failed load after the destinations were aborted. Never throws: a failure to record is
   * added to {@code cause} as suppressed.
   */
  void failed(AuditEntry entry, Exception cause);
}
