package io.datapipeline.sandbox;

import io.datapipeline.render.Names;
import java.util.Locale;
import java.util.regex.Pattern;

/** SQL-safe names for the per-pipeline databases and roles. */
final class SqlNames {

  private static final Pattern SAFE = Pattern.compile("[a-z_][a-z0-9_]{0,62}");
  private static final int MAX = 63;

  private SqlNames() {}

  /**
   * {@code dp_<namespace>_<name>}, lower-case with every other character as {@code _}; names over
   * PostgreSQL's 63-byte limit are cut and suffixed with a hash so two pipelines never share one.
   */
  static String databaseName(String namespace, String name) {
    String raw = "dp_" + namespace + "_" + name;
    String safe = raw.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (safe.length() <= MAX) {
      return safe;
    }
    String hash = Names.sha256Hex(raw).substring(0, 8);
    return safe.substring(0, MAX - hash.length() - 1) + "_" + hash;
  }

  static void requireSafe(String identifier) {
    if (!SAFE.matcher(identifier).matches()) {
      throw new IllegalArgumentException("not a safe SQL identifier: '" + identifier + "'");
    }
  }
}
