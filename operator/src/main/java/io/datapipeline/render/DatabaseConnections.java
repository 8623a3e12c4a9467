package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import java.util.Map;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether the database can serve the connections the pipeline will open: one per concurrent
 * conversion (each converter holds one connection for its file) plus Grafana's pool per dashboard
 * task, within what RDS PostgreSQL allows by default for the instance class. RDS sets {@code
 * max_connections} to {@code LEAST(DBInstanceClassMemory / 9531392, 5000)} and keeps a few for its
 * own and superuser use; without the check, a high {@code reservedConcurrency} on a small instance
 * fails files with "too many clients" under load instead of at admission.
 */
final class DatabaseConnections {

  /** RDS's default formula's divisor (bytes of instance memory per connection). */
  static final long BYTES_PER_CONNECTION = 9_531_392L;

  /** RDS's ceiling of the default. */
  static final int MAX_DEFAULT = 5000;

  /**
   * DBInstanceClassMemory is the class's memory less what the OS and RDS processes keep; measured
   * defaults (e.g. about 80 connections on a 1 GiB db.t4g.micro) correspond to about 3/4.
   */
  static final double USABLE_MEMORY = 0.75;

  /** superuser_reserved_connections (3) plus rds.rds_superuser_reserved_connections (2). */
  static final int RESERVED = 5;

  /** Grafana's datasource pool per task (grafana/provisioning: maxOpenConns). */
  static final int GRAFANA_CONNECTIONS_PER_TASK = 10;

  private static final Pattern CLASS =
      Pattern.compile("^db\\.([a-z0-9-]+)\\.(\\d*)(micro|small|medium|large|xlarge)$");

  /** Memory in GiB of the {@code large} size per family (AWS's published instance classes). */
  private static final Map<String, Double> LARGE_GIB =
      Map.ofEntries(
          Map.entry("t3", 8.0),
          Map.entry("t4g", 8.0),
          Map.entry("m5", 8.0),
          Map.entry("m5d", 8.0),
          Map.entry("m6g", 8.0),
          Map.entry("m6gd", 8.0),
          Map.entry("m6i", 8.0),
          Map.entry("m6id", 8.0),
          Map.entry("m7g", 8.0),
          Map.entry("m7i", 8.0),
          Map.entry("m8g", 8.0),
          Map.entry("r5", 16.0),
          Map.entry("r5b", 16.0),
          Map.entry("r5d", 16.0),
          Map.entry("r6g", 16.0),
          Map.entry("r6gd", 16.0),
          Map.entry("r6i", 16.0),
          Map.entry("r6id", 16.0),
          Map.entry("r7g", 16.0),
          Map.entry("r7i", 16.0),
          Map.entry("r8g", 16.0),
          Map.entry("x2g", 32.0),
          Map.entry("x2iedn", 32.0));

  private DatabaseConnections() {}

  /** The instance class's memory in GiB, when the class is one this table knows. */
  static OptionalInt memoryGib(String instanceClass) {
    Matcher m = CLASS.matcher(instanceClass == null ? "" : instanceClass);
    if (!m.matches() || !LARGE_GIB.containsKey(m.group(1))) {
      return OptionalInt.empty();
    }
    double large = LARGE_GIB.get(m.group(1));
    String multiple = m.group(2);
    double gib =
        switch (m.group(3)) {
          case "micro" -> large / 8;
          case "small" -> large / 4;
          case "medium" -> large / 2;
          case "large" -> multiple.isEmpty() ? large : -1;
          default -> large * 2 * (multiple.isEmpty() ? 1 : Integer.parseInt(multiple));
        };
    if (gib <= 0 || (!multiple.isEmpty() && !m.group(3).equals("xlarge"))) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) Math.max(1, Math.round(gib)));
  }

  /** RDS's default max_connections less the reserved ones, for a class of {@code gib} memory. */
  static int usable(int gib) {
    long memory = (long) (gib * 1024L * 1024 * 1024 * USABLE_MEMORY);
    return (int) Math.min(MAX_DEFAULT, memory / BYTES_PER_CONNECTION) - RESERVED;
  }

  /** A problem naming the field when the connections needed exceed what the class serves. */
  static void check(DataPipelineSpec spec) {
    if (spec.converter == null
        || spec.database == null
        || spec.converter.reservedConcurrency == null) {
      return;
    }
    OptionalInt gib = memoryGib(spec.database.instanceClass);
    if (gib.isEmpty()) {
      return; // a class this table does not know: RDS will tell, not us
    }
    int converter = spec.converter.reservedConcurrency;
    boolean dashboard = spec.dashboard != null && Boolean.TRUE.equals(spec.dashboard.enabled);
    int grafana =
        dashboard && spec.dashboard.maxTasks != null
            ? spec.dashboard.maxTasks * GRAFANA_CONNECTIONS_PER_TASK
            : 0;
    int available = usable(gib.getAsInt());
    if (converter + grafana <= available) {
      return;
    }
    throw new InvalidSpecException(
        "spec.converter.reservedConcurrency",
        converter
            + " concurrent conversions hold "
            + converter
            + " database connections"
            + (grafana > 0
                ? " (plus " + grafana + " for Grafana's " + spec.dashboard.maxTasks + " tasks)"
                : "")
            + ", but database.instanceClass "
            + spec.database.instanceClass
            + " serves about "
            + available
            + " by RDS's default max_connections; lower reservedConcurrency to at most "
            + Math.max(0, available - grafana)
            + " or choose a larger instanceClass");
  }
}
