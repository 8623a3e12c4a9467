package io.datapipeline.converter.load;

import io.datapipeline.converter.schema.Schema;
import java.time.Instant;
import java.util.function.Supplier;

/** Opens the sinks of each file: the Lambda's S3/DynamoDB/PostgreSQL, the CLI's local files. */
public interface Destinations {

  /** Before each file: the destinations can take rows of {@code schema} (tables exist). */
  default void prepare(Schema schema) throws Exception {}

  /**
   * Opens one file's sinks. A transactional sink (PostgreSQL) writes {@code successAudit}'s entry
   * in its transaction just before it commits, so the audit row and the rows appear together. When
   * opening fails part-way, whatever was opened is aborted before the exception leaves.
   */
  FileTargets open(
      SourceFile source, Schema schema, Instant started, Supplier<AuditEntry> successAudit)
      throws Exception;
}
