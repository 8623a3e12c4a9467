package io.datapipeline.converter.load;

import io.datapipeline.converter.schema.Schema;

/** The schema files are read with (the Lambda reads it from S3 once per container). */
@FunctionalInterface
public interface SchemaProvider {
  Schema schema() throws Exception;
}
