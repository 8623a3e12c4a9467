package io.datapipeline.converter.load;

import io.datapipeline.converter.schema.Schema;

/** Opens the removal of a deleted object's rows: the Lambda's destinations implement it. */
public interface Removals {

  /** Before each removal: the destinations know the schema (tables exist). */
  default void prepare(Schema schema) throws Exception {}

  Removal open(SourceFile source, Schema schema) throws Exception;
}
