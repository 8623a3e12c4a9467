package io.datapipeline.sandbox;

/** Where a pipeline's stand-in database is and how to log in to it. */
public record DatabaseCredentials(
    String host, int port, String database, String username, String password, String jdbcUrl) {

  @Override
  public String toString() {
    // Records print every field; keep the password out of logs.
    return "DatabaseCredentials[" + jdbcUrl + ", user=" + username + "]";
  }
}
