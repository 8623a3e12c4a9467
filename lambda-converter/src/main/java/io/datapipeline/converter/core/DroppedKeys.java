package io.datapipeline.converter.core;

import java.util.List;

/**
 * Told, inside the commit point's transaction and before it commits, the primary keys that the
 * previous version of a file had and the new version has not. A sink that keeps its own copy of the
 * rows (DynamoDB) deletes them, so a replaced file leaves no stale row anywhere; when that fails,
 * the transaction rolls back and the file fails as a whole.
 */
@FunctionalInterface
public interface DroppedKeys {

  DroppedKeys NONE = keys -> {};

  /**
   * {@code keys} holds one array per key with the primary key's values in {@code
   * schema.primaryKey()} order, typed as the converter types them (see {@link RowBatch}); for a
   * keyless schema, the row's line in the object (a {@code Long}), the object being the load's.
   */
  void drop(List<Object[]> keys) throws Exception;
}
