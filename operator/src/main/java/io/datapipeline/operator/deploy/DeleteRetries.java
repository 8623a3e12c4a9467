package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.DeleteRetryStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces out and bounds the retries of a stack deletion that ended in DELETE_FAILED. Transient
 * failures (a security group still held by a Lambda network interface, which AWS can take tens of
 * minutes to release) get many retries with exponential backoff; other failures one more try (the
 * cause may have been fixed by hand). The budgets live in memory and in the pipeline's status
 * ({@link #of}, {@link #restore}): an operator restart continues them instead of starting anew.
 */
public final class DeleteRetries {

  /** What to do with a DELETE_FAILED stack now. */
  public enum Decision {
    /** Too early for the next attempt: look again later. */
    WAIT,
    /** Delete again, retaining nothing. */
    RETRY,
    /** The budget is spent: delete again retaining what keeps failing. */
    GIVE_UP
  }

  private record Attempts(int used, Instant first, Instant next) {}

  /** Retries of a deletion whose every failure is transient: about 45 minutes in all. */
  static final int TRANSIENT_ATTEMPTS = 8;

  /** Retries of a deletion that failed for another reason (fixed by hand, perhaps). */
  static final int OTHER_ATTEMPTS = 1;

  /** The first backoff; each retry doubles it, up to {@link #MAX_BACKOFF}. */
  static final Duration FIRST_BACKOFF = Duration.ofSeconds(30);

  static final Duration MAX_BACKOFF = Duration.ofMinutes(10);

  private final Clock clock;
  private final Map<String, Attempts> attempts = new ConcurrentHashMap<>();

  private DeleteRetries(Clock clock) {
    this.clock = clock;
  }

  /** 8 retries over about 45 minutes for transient failures, 1 for the others. */
  public static DeleteRetries standard(Clock clock) {
    return new DeleteRetries(clock);
  }

  public Decision decide(String uid, String stackName, boolean allTransient) {
    String key = key(uid, stackName);
    Instant now = clock.instant();
    Attempts a = attempts.get(key);
    int limit = allTransient ? TRANSIENT_ATTEMPTS : OTHER_ATTEMPTS;
    if (a == null) {
      attempts.put(key, new Attempts(0, now, now.plus(FIRST_BACKOFF)));
      return limit == 0 ? Decision.GIVE_UP : Decision.WAIT;
    }
    if (a.used() >= limit) {
      return Decision.GIVE_UP;
    }
    if (now.isBefore(a.next())) {
      return Decision.WAIT;
    }
    int used = a.used() + 1;
    attempts.put(key, new Attempts(used, a.first(), now.plus(backoff(used))));
    return Decision.RETRY;
  }

  /** Retries made so far for the stack. */
  public int used(String uid, String stackName) {
    Attempts a = attempts.get(key(uid, stackName));
    return a == null ? 0 : a.used();
  }

  public int limit(boolean allTransient) {
    return allTransient ? TRANSIENT_ATTEMPTS : OTHER_ATTEMPTS;
  }

  /** When the next attempt is due, for messages. */
  public Duration untilNext(String uid, String stackName) {
    Attempts a = attempts.get(key(uid, stackName));
    if (a == null) {
      return Duration.ZERO;
    }
    Duration left = Duration.between(clock.instant(), a.next());
    return left.isNegative() ? Duration.ZERO : left;
  }

  public void forget(String uid, String stackName) {
    attempts.remove(key(uid, stackName));
  }

  /** The budgets of {@code uid}'s stacks, for its status (sorted by stack name). */
  public List<DeleteRetryStatus> of(String uid) {
    String prefix = uid + "/";
    List<DeleteRetryStatus> out = new ArrayList<>();
    attempts.forEach(
        (key, a) -> {
          if (key.startsWith(prefix)) {
            DeleteRetryStatus s = new DeleteRetryStatus();
            s.stackName = key.substring(prefix.length());
            s.attempts = a.used();
            s.firstFailure = a.first().toString();
            s.nextAttempt = a.next().toString();
            out.add(s);
          }
        });
    out.sort(Comparator.comparing(s -> s.stackName));
    return out;
  }

  /**
   * Takes up budgets recorded in {@code uid}'s status that this process does not know (it was
   * restarted); what it knows is newer and stays. Unreadable entries are ignored (a fresh budget).
   */
  public void restore(String uid, List<DeleteRetryStatus> recorded) {
    if (recorded == null) {
      return;
    }
    for (DeleteRetryStatus s : recorded) {
      if (s == null || s.stackName == null || s.attempts == null || s.nextAttempt == null) {
        continue;
      }
      try {
        Instant next = Instant.parse(s.nextAttempt);
        Instant first = s.firstFailure == null ? next : Instant.parse(s.firstFailure);
        attempts.putIfAbsent(
            key(uid, s.stackName), new Attempts(Math.max(0, s.attempts), first, next));
      } catch (DateTimeParseException e) {
        // Hand-edited status: a fresh budget is still a bounded one.
      }
    }
  }

  private static String key(String uid, String stackName) {
    return uid + "/" + stackName;
  }

  private Duration backoff(int used) {
    Duration d = FIRST_BACKOFF.multipliedBy(1L << Math.min(used, 20));
    return d.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : d;
  }
}
