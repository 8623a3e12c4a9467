package io.datapipeline.converter.load;

/**
 * Where each file's outcome is recorded. A success is recorded by the commit point itself, in its
 * transaction (see {@link Destinations#open}); this port answers redeliveries and records failures.
 */
public interface AuditTrail {

  /** No audit (the CLI: a local file is not one of the pipeline's objects). */
  AuditTrail NONE =
      new AuditTrail() {
        @Override
        public boolean alreadyLoaded(SourceFile source) {
          return false;
        }

        @Override
        public void failed(AuditEntry entry, Exception cause) {}
      };

  /** Whether this exact version was already loaded successfully (a redelivered event). */
  boolean alreadyLoaded(SourceFile source) throws Exception;

  /**
   * Records a failed load after the destinations were aborted. Never throws: a failure to record is
   * added to {@code cause} as suppressed.
   */
  void failed(AuditEntry entry, Exception cause);
}
