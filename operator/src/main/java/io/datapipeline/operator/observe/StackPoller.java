package io.datapipeline.operator.observe;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.ports.StackObserver;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared observer of one account and region: one paginated DescribeStacks per interval serves
 * every pipeline there. Polls at the fast interval while any stack is in progress, at the settled
 * interval otherwise, and backs off with jitter when throttled. Tells listeners which stacks
 * changed so their pipelines get reconciled.
 */
public final class StackPoller implements StackObserver, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StackPoller.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final CloudFormationApi api;
  private final Object pollLock = new Object();
  private final Set<String> stale = ConcurrentHashMap.newKeySet();
  private final List<Consumer<Set<StackView>>> listeners = new CopyOnWriteArrayList<>();
  private volatile Map<String, StackView> stacks;
  private volatile Duration backoff = Duration.ZERO;
  private volatile ScheduledFuture<?> next;
  private volatile boolean closed;
  private final AtomicLong polls = new AtomicLong();

  private final BooleanSupplier wanted;

  public StackPoller(CloudFormationApi api) {
    this(api, () -> true);
  }

  /**
   * @param wanted whether any pipeline needs this account and region observed now; scheduled polls
   *     are skipped (no call at all) while it says false
   */
  public StackPoller(CloudFormationApi api, BooleanSupplier wanted) {
    this.api = api;
    this.wanted = wanted;
  }

  @Override
  public Optional<StackView> stack(String stackName) {
    Map<String, StackView> snapshot = snapshot();
    if (stale.contains(stackName)) {
      // Unmark only after a successful read: a throttled read must not fall back to a cache
      // that predates our own change (it would make a stack just created look absent).
      Optional<StackView> fresh = api.describeStack(stackName);
      stale.remove(stackName);
      synchronized (pollLock) {
        Map<String, StackView> updated = new HashMap<>(stacks);
        fresh.ifPresentOrElse(s -> updated.put(stackName, s), () -> updated.remove(stackName));
        stacks = Map.copyOf(updated);
      }
      return fresh;
    }
    return Optional.ofNullable(snapshot.get(stackName));
  }

  @Override
  public void changed(String stackName) {
    stale.add(stackName);
  }

  /** Called with the stacks whose state differs from the previous poll (gone ones included). */
  public void addListener(Consumer<Set<StackView>> listener) {
    listeners.add(listener);
  }

  /** One DescribeStacks round: refreshes the cache and notifies listeners of changes. */
  public void poll() {
    Set<StackView> changedStacks = new HashSet<>();
    synchronized (pollLock) {
      Map<String, StackView> previous = stacks == null ? Map.of() : stacks;
      Map<String, StackView> current = new HashMap<>();
      for (StackView stack : api.describeStacks()) {
        current.put(stack.name(), stack);
      }
      polls.incrementAndGet();
      if (stacks != null) {
        for (StackView now : current.values()) {
          StackView before = previous.get(now.name());
          if (before == null || !sameState(before, now)) {
            changedStacks.add(now);
          }
        }
        previous.forEach(
            (name, gone) -> {
              if (!current.containsKey(name)) {
                changedStacks.add(gone);
              }
            });
      }
      stacks = Map.copyOf(current);
    }
    if (!changedStacks.isEmpty()) {
      listeners.forEach(l -> l.accept(changedStacks));
    }
  }

  /** True while CloudFormation works on any stack of this account and region. */
  public boolean anyInProgress() {
    Map<String, StackView> snapshot = stacks;
    return snapshot != null && snapshot.values().stream().anyMatch(StackView::inProgress)
        || !stale.isEmpty();
  }

  /** Polls on {@code scheduler} from now on, until {@link #close()}. */
  public void start(ScheduledExecutorService scheduler, Duration settled, Duration fast) {
    schedule(scheduler, settled, fast, Duration.ZERO);
  }

  /** How many stacks are in each status (datapipeline.io-tagged or not), as of the last poll. */
  public Map<String, Long> countByStatus() {
    Map<String, StackView> snapshot = stacks;
    Map<String, Long> counts = new HashMap<>();
    if (snapshot != null) {
      snapshot.values().forEach(s -> counts.merge(s.status(), 1L, Long::sum));
    }
    return counts;
  }

  public long polls() {
    return polls.get();
  }

  @Override
  public void close() {
    closed = true;
    ScheduledFuture<?> scheduled = next;
    if (scheduled != null) {
      scheduled.cancel(false);
    }
  }

  private void schedule(
      ScheduledExecutorService scheduler, Duration settled, Duration fast, Duration delay) {
    if (closed) {
      return;
    }
    next =
        scheduler.schedule(
            () -> {
              try {
                if (wanted.getAsBoolean()) {
                  poll();
                }
                backoff = Duration.ZERO;
              } catch (CloudFormationException e) {
                backoff = nextBackoff(backoff, fast);
                LOG.warn("DescribeStacks failed, next poll in {}: {}", backoff, e.getMessage());
              } catch (RuntimeException e) {
                backoff = nextBackoff(backoff, fast);
                LOG.warn("DescribeStacks failed, next poll in {}", backoff, e);
              }
              Duration interval = anyInProgress() ? fast : settled;
              schedule(scheduler, settled, fast, backoff.isZero() ? interval : backoff);
            },
            delay.toMillis(),
            TimeUnit.MILLISECONDS);
  }

  /** Exponential backoff with full jitter on top of the base, capped. */
  static Duration nextBackoff(Duration current, Duration base) {
    long doubled =
        current.isZero()
            ? base.toMillis()
            : Math.min(current.toMillis() * 2, MAX_BACKOFF.toMillis());
    long jitter = ThreadLocalRandom.current().nextLong(Math.max(1, doubled / 2));
    return Duration.ofMillis(doubled / 2 + jitter + base.toMillis() / 2);
  }

  private Map<String, StackView> snapshot() {
    Map<String, StackView> snapshot = stacks;
    if (snapshot != null) {
      return snapshot;
    }
    synchronized (pollLock) {
      if (stacks == null) {
        // First reader polls: one call serves every pipeline that starts at the same time.
        Map<String, StackView> current = new HashMap<>();
        for (StackView stack : api.describeStacks()) {
          current.put(stack.name(), stack);
        }
        polls.incrementAndGet();
        stacks = Map.copyOf(current);
      }
      return stacks;
    }
  }

  private static boolean sameState(StackView a, StackView b) {
    return Objects.equals(a.status(), b.status())
        && Objects.equals(a.id(), b.id())
        && Objects.equals(a.outputs(), b.outputs())
        && Objects.equals(a.lastUpdated(), b.lastUpdated());
  }
}
