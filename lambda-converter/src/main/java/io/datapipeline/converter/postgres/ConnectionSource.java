package io.datapipeline.converter.postgres;

import java.sql.Connection;
import java.sql.SQLException;

/** Opens a connection to the pipeline's PostgreSQL as its owner (the sandbox passes its own). */
@FunctionalInterface
public interface ConnectionSource {
  Connection open() throws SQLException;
}
