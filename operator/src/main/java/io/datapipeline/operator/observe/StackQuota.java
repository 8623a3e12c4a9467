package io.datapipeline.operator.observe;

import io.datapipeline.operator.cloudformation.AccountLimits;
import io.datapipeline.operator.ports.StackQuotaUsage;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stack quota of one account and region against the stacks its sweeps count. The quota is read
 * with DescribeAccountLimits at most once per {@link #REFRESH} (quotas change by support request,
 * rarely), after a failure again after {@link #RETRY} (a role not allowed to read it, or moto,
 * which does not offer the call, costs one request per hour); until it has been read, and while no
 * sweep has counted the stacks, there is no usage to report.
 */
public final class StackQuota {

  private static final Logger LOG = LoggerFactory.getLogger(StackQuota.class);

  /** How long a quota read stays good. */
  public static final Duration REFRESH = Duration.ofHours(6);

  /** How long after a failed read to try again. */
  public static final Duration RETRY = Duration.ofHours(1);

  private final Supplier<AccountLimits> limits;
  private final IntSupplier stacks;
  private final int thresholdPercent;
  private final Clock clock;
  private final String where;
  private Integer limit;
  private Instant nextRead = Instant.MIN;
  private boolean failureLogged;

  /**
   * @param limits what reads the quota (asked at each read: the identity in use at that time)
   * @param stacks every stack of the account and region the last sweep listed, or -1 before one
   * @param thresholdPercent the share of the quota from which pipelines are warned
   * @param where the account and region, for the log
   */
  public StackQuota(
      Supplier<AccountLimits> limits,
      IntSupplier stacks,
      int thresholdPercent,
      Clock clock,
      String where) {
    this.limits = limits;
    this.stacks = stacks;
    this.thresholdPercent = thresholdPercent;
    this.clock = clock;
    this.where = where;
  }

  /**
   * Reads the quota if the last read is older than {@link #REFRESH} (or failed more than {@link
   * #RETRY} ago). Called by the observation after a sweep, on its own thread: no reconcile waits
   * for it.
   */
  public synchronized void refreshIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextRead)) {
      return;
    }
    try {
      limit = limits.get().stackLimit();
      nextRead = now.plus(REFRESH);
      failureLogged = false;
    } catch (RuntimeException e) {
      // Keep the last quota read, if any: it is still the best guess.
      nextRead = now.plus(RETRY);
      if (!failureLogged) {
        LOG.warn(
            "cannot read the stack quota of {} (DescribeAccountLimits), trying again in {}: {}",
            where,
            RETRY,
            e.getMessage());
        failureLogged = true;
      }
    }
  }

  /** The usage as last read and counted, if both are known; makes no call. */
  public synchronized Optional<StackQuotaUsage> usage() {
    int counted = stacks.getAsInt();
    return limit == null || counted < 0
        ? Optional.empty()
        : Optional.of(new StackQuotaUsage(counted, limit, thresholdPercent));
  }
}
