package io.datapipeline.operator.observe;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.DriftDetection;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.ports.StackObserver;
import io.datapipeline.render.StackOutput;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
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
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The shared observer of one account and region: one paginated DescribeStacks per interval serves
 * every pipeline there. Polls at the fast interval while any stack is in progress, at the settled
 * interval otherwise, and backs off with jitter when throttled. While stack events arrive ({@link
 * #sweepLongWhile}), the sweep runs only every sweep interval, in progress or not, as a safety net,
 * and the events {@link #refresh} the stacks they name; each settled sweep that finds nothing the
 * events had not already told doubles that interval, up to the longest sweep interval, and one that
 * finds a change starts again from the sweep interval. Drift results and dashboard changes that
 * events carry are kept for the reconciles ({@link EventFindings}). Tells listeners which stacks
 * changed so their pipelines get reconciled.
 */
public final class StackPoller implements StackObserver, AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StackPoller.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(5);

  private final Supplier<CloudFormationApi> reader;
  private volatile Predicate<String> kept = name -> true;
  private volatile int sweptStacks = -1;
  private final List<Runnable> afterSweep = new CopyOnWriteArrayList<>();
  private final Object pollLock = new Object();

  /**
   * One sweep at a time: held across a sweep's DescribeStacks, which {@code pollLock} must not be.
   * A sweep of 5,000 stacks is 50 pages; under pollLock every reconcile's targeted read waited for
   * all of them (at 1,000 pipelines on moto, all ten reconciler threads blocked in {@link #record}
   * behind the poller's sweep). Order: sweepLock, then pollLock, never the reverse.
   */
  private final Object sweepLock = new Object();

  /**
   * Orders the reads: every read (targeted or sweep) and every change the operator makes takes the
   * next ticket when it starts. A read's answer is recorded only if no read that started later has
   * been recorded for that stack, and clears the stack's change mark only if it started after the
   * change: reads in flight side by side (an event's refresh and a reconcile's) finish in any
   * order.
   */
  private final AtomicLong tickets = new AtomicLong();

  /** Stacks the operator changed since they were last read, with the change's ticket. */
  private final Map<String, Long> stale = new ConcurrentHashMap<>();

  /** Guarded by pollLock: the ticket of the targeted read each entry of {@link #stacks} is from. */
  private final Map<String, Long> readAt = new HashMap<>();

  /** Guarded by pollLock: the ticket of the sweep {@link #stacks} is from. */
  private long sweptAt;

  /**
   * Guarded by pollLock: when (wall clock) the read each entry of {@link #stacks} is from started,
   * for the targeted reads since the last sweep; {@link #sweepStartedAt} for the others.
   */
  private final Map<String, Instant> readStartedAt = new HashMap<>();

  /** Guarded by pollLock: when the sweep {@link #stacks} is from started; null before any. */
  private Instant sweepStartedAt;

  /**
   * How much later than an event's time a read must have started for the event to be taken as seen:
   * DescribeStacks may lag a change by a moment, and the two clocks (AWS's event time, ours) may
   * differ by as much (NTP keeps them well within it).
   */
  static final Duration SEEN_MARGIN = Duration.ofSeconds(5);

  private volatile Clock wallClock = Clock.systemUTC();

  /** Events not acted on: the stack was read after the change they report (a drained backlog). */
  private final AtomicLong seenAlready = new AtomicLong();

  private final List<Consumer<Set<StackView>>> listeners = new CopyOnWriteArrayList<>();

  /**
   * The cache: replaced by each sweep, written in place (under pollLock) by each targeted read. A
   * copy per targeted read, as it was, cost O(stacks) for one stack: at 50,000 stacks two maps of
   * 50,000 entries built for every read a deploy or an event makes. Readers outside pollLock see
   * each entry whole (a concurrent map), and never needed more: they look up single stacks.
   */
  private volatile Map<String, StackView> stacks;

  private volatile Duration backoff = Duration.ZERO;
  private volatile ScheduledFuture<?> next;
  private volatile boolean closed;
  private final AtomicLong polls = new AtomicLong();

  private final BooleanSupplier wanted;
  private volatile BooleanSupplier eventsHealthy = () -> false;
  private volatile Duration sweepInterval = Duration.ZERO;
  private volatile Duration longestSweepInterval = Duration.ZERO;

  /** The settled sweep interval now: from sweepInterval, doubled by quiet sweeps. */
  private volatile Duration currentSweepInterval = Duration.ZERO;

  private final EventFindings findings = new EventFindings();
  private volatile Duration minimumGap = Duration.ZERO;
  private volatile LongSupplier nanoTime = System::nanoTime;
  private volatile long lastSweep;
  private volatile long tickPlannedAt = Long.MAX_VALUE;
  private volatile boolean swept;

  public StackPoller(CloudFormationApi api) {
    this(api, () -> true);
  }

  /**
   * @param wanted whether any pipeline needs this account and region observed now; scheduled polls
   *     are skipped (no call at all) while it says false
   */
  public StackPoller(CloudFormationApi api, BooleanSupplier wanted) {
    this(() -> api, wanted);
  }

  /**
   * @param reader the identity the sweeps and event refreshes read with, asked at each call: the
   *     poller of an account serves pipelines of several sessions there, and any of them that is in
   *     use may read for all (see {@code SdkAwsSessions})
   */
  public StackPoller(Supplier<CloudFormationApi> reader, BooleanSupplier wanted) {
    this.reader = reader;
    this.wanted = wanted;
  }

  /**
   * Only stacks whose name passes are kept from a sweep (the operator's own; the others are no
   * pipeline's and would cost memory for every stack of the account). They are still counted.
   */
  public void keepOnly(Predicate<String> names) {
    this.kept = names;
  }

  /** Told after every sweep (on the sweeping thread: hand long work to another). */
  public void afterSweep(Runnable hook) {
    afterSweep.add(hook);
  }

  /** The stacks kept, as last known (each pipeline's there, to have them all reconciled). */
  public Set<StackView> known() {
    Map<String, StackView> snapshot = stacks;
    return snapshot == null ? Set.of() : Set.copyOf(snapshot.values());
  }

  /**
   * Every stack of the account and region the last sweep listed, kept or not (quota); -1 before.
   */
  public int sweptStacks() {
    return sweptStacks;
  }

  /**
   * This poller as one session sees it: the shared cache, but the targeted reads of stacks the
   * session changed go through the session's own identity ({@code own}), as its other calls do.
   */
  public StackObserver readingWith(CloudFormationApi own) {
    return new StackObserver() {
      @Override
      public Optional<StackView> stack(String stackName) {
        return StackPoller.this.stack(stackName, own);
      }

      @Override
      public void changed(String stackName) {
        StackPoller.this.changed(stackName);
      }

      @Override
      public boolean eventsArrive() {
        return StackPoller.this.eventsArrive();
      }

      @Override
      public Optional<DriftDetection> driftResult(String detectionId) {
        return StackPoller.this.driftResult(detectionId);
      }

      @Override
      public long dashboardChanges(String clusterName) {
        return StackPoller.this.dashboardChanges(clusterName);
      }
    };
  }

  @Override
  public Optional<StackView> stack(String stackName) {
    return stack(stackName, null);
  }

  private Optional<StackView> stack(String stackName, CloudFormationApi own) {
    Map<String, StackView> snapshot = snapshot();
    if (stale.containsKey(stackName)) {
      // Unmark only after a successful read: a throttled read must not fall back to a cache
      // that predates our own change (it would make a stack just created look absent).
      long ticket = tickets.incrementAndGet();
      Instant started = wallClock.instant();
      Optional<StackView> fresh = (own != null ? own : reader.get()).describeStack(stackName);
      return record(stackName, ticket, started, fresh).now();
    }
    return Optional.ofNullable(snapshot.get(stackName));
  }

  @Override
  public void changed(String stackName) {
    stale.put(stackName, tickets.incrementAndGet());
  }

  @Override
  public boolean eventsArrive() {
    return eventsHealthy.getAsBoolean();
  }

  @Override
  public Optional<DriftDetection> driftResult(String detectionId) {
    return findings.takeDrift(detectionId);
  }

  @Override
  public long dashboardChanges(String clusterName) {
    return findings.dashboardChanges(clusterName);
  }

  /**
   * What the stack-events queue delivered: stack changes are read again ({@link #refresh}); a
   * finished drift detection and a dashboard change are kept for the reconcile, and the pipeline
   * owning the stack (or the dashboard's cluster) is told, without any AWS call here.
   */
  public void onEvents(List<ObservedEvent> events) {
    Set<String> changedNames = new LinkedHashSet<>();
    Set<StackView> toTell = new HashSet<>();
    Map<String, StackView> known = stacks;
    for (ObservedEvent event : events) {
      if (event instanceof ObservedEvent.StackChanged changed) {
        if (readSince(changed.stackName(), changed.occurredAt())) {
          // A backlog drained after a mass deploy: the reads since already hold what it says.
          seenAlready.incrementAndGet();
        } else {
          changedNames.add(changed.stackName());
        }
      } else if (event instanceof ObservedEvent.DriftDetected drift && drift.finished()) {
        findings.driftDetected(drift);
        if (known != null && known.containsKey(drift.stackName())) {
          toTell.add(known.get(drift.stackName()));
        }
      } else if (event instanceof ObservedEvent.DashboardChanged dashboard) {
        findings.dashboardChanged(dashboard.clusterName());
        dashboardStack(known, dashboard.clusterName()).ifPresent(toTell::add);
      }
    }
    if (!changedNames.isEmpty()) {
      refresh(changedNames);
    }
    if (!toTell.isEmpty()) {
      listeners.forEach(l -> l.accept(Set.copyOf(toTell)));
    }
  }

  /**
   * Whether the cached state of {@code stackName} was read at least {@link #SEEN_MARGIN} after
   * {@code occurredAt}: then it holds that change (or a later one) and a read would tell nothing.
   * Never for a change of unknown time, a stack not cached, or one the operator changed since.
   */
  private boolean readSince(String stackName, Instant occurredAt) {
    if (occurredAt == null || stale.containsKey(stackName)) {
      return false;
    }
    synchronized (pollLock) {
      Map<String, StackView> current = stacks;
      if (current == null || !current.containsKey(stackName)) {
        return false;
      }
      Instant read = readStartedAt.getOrDefault(stackName, sweepStartedAt);
      return read != null && read.isAfter(occurredAt.plus(SEEN_MARGIN));
    }
  }

  /** Stack events not acted on because the stack had been read since (tests, logs). */
  public long eventsSeenAlready() {
    return seenAlready.get();
  }

  /** The wall clock reads are timed with, against events' times (tests). */
  void wallClock(Clock clock) {
    this.wallClock = clock;
  }

  /** The dashboard stack whose ECS cluster output is {@code clusterName}, if known. */
  private static Optional<StackView> dashboardStack(
      Map<String, StackView> known, String clusterName) {
    if (known == null) {
      return Optional.empty();
    }
    String output = StackOutput.ECS_CLUSTER_NAME.key();
    return known.values().stream()
        .filter(s -> clusterName.equals(s.outputs().get(output)))
        .findFirst();
  }

  /** What recording a targeted read found: the entry before, the entry now, whether it wrote. */
  private record Recorded(StackView before, Optional<StackView> now, boolean written) {}

  /**
   * Records what a targeted read that started at {@code ticket} saw, unless a read that started
   * later has been recorded (its answer is the newer one and stays), or no sweep has filled the
   * cache (a cache of single stacks would make every other stack look absent; the next reader
   * sweeps).
   */
  private Recorded record(String name, long ticket, Instant started, Optional<StackView> fresh) {
    stale.computeIfPresent(name, (k, changedAt) -> changedAt < ticket ? null : changedAt);
    synchronized (pollLock) {
      Map<String, StackView> current = stacks;
      StackView before = current == null ? null : current.get(name);
      if (current == null || ticket < Math.max(sweptAt, readAt.getOrDefault(name, 0L))) {
        return new Recorded(before, current == null ? fresh : Optional.ofNullable(before), false);
      }
      fresh.ifPresentOrElse(s -> current.put(name, s), () -> current.remove(name));
      readAt.put(name, ticket);
      readStartedAt.put(name, started);
      return new Recorded(before, fresh, true);
    }
  }

  /**
   * While {@code healthy} says stack events arrive, settled sweeps run only every {@code sweep};
   * while it says false, every settled interval again.
   */
  public void sweepLongWhile(BooleanSupplier healthy, Duration sweep) {
    sweepLongWhile(healthy, sweep, sweep);
  }

  /**
   * As {@link #sweepLongWhile(BooleanSupplier, Duration)}, and each settled sweep that found no
   * change (the events had told everything) doubles the interval, up to {@code longest}.
   */
  public void sweepLongWhile(BooleanSupplier healthy, Duration sweep, Duration longest) {
    this.eventsHealthy = healthy;
    this.sweepInterval = sweep;
    this.longestSweepInterval = longest.compareTo(sweep) < 0 ? sweep : longest;
    this.currentSweepInterval = sweep;
  }

  /** The settled sweep interval in force while events arrive (tests, logs). */
  Duration currentSweepInterval() {
    return currentSweepInterval;
  }

  /** No two sweeps closer than this, whoever started them (a reader or a tick). */
  void minimumGap(Duration gap) {
    this.minimumGap = gap;
  }

  /** The clock deciding whether a sweep is due (tests). */
  void clock(LongSupplier nanoTime) {
    this.nanoTime = nanoTime;
  }

  /**
   * Stack events named these stacks: one targeted DescribeStacks each, for the stacks this poller
   * knows or was told of (others are no pipeline's here), and listeners told of real changes.
   */
  public void refresh(Set<String> stackNames) {
    Map<String, StackView> known = stacks;
    Set<StackView> changedStacks = new HashSet<>();
    for (String name : stackNames) {
      if ((known == null || !known.containsKey(name)) && !stale.containsKey(name)) {
        continue;
      }
      long ticket = tickets.incrementAndGet();
      Instant started = wallClock.instant();
      Optional<StackView> fresh;
      try {
        fresh = reader.get().describeStack(name);
      } catch (CloudFormationException e) {
        // The next sweep reads it; keep it marked so a reader asks again meanwhile.
        stale.putIfAbsent(name, ticket);
        LOG.warn("DescribeStacks of {} after its event failed: {}", name, e.getMessage());
        continue;
      }
      Recorded recorded = record(name, ticket, started, fresh);
      StackView before = recorded.before();
      if (!recorded.written()) {
        continue;
      }
      if (fresh.isPresent() && (before == null || !sameState(before, fresh.get()))) {
        changedStacks.add(fresh.get());
      } else if (fresh.isEmpty() && before != null) {
        changedStacks.add(before);
      }
    }
    if (!changedStacks.isEmpty()) {
      listeners.forEach(l -> l.accept(changedStacks));
    }
  }

  /**
   * One scheduled round: sweeps when some pipeline needs this account and region and a sweep is due
   * (always, unless events arrive and the last sweep is younger than the sweep interval).
   */
  void tick() {
    if (!wanted.getAsBoolean()) {
      return;
    }
    Set<StackView> changedStacks;
    synchronized (sweepLock) {
      // Decided under the lock the readers sweep under: a reader that swept just before (the
      // first reconcile after a start races the first tick) is not followed by a second sweep.
      boolean settled;
      synchronized (pollLock) {
        if (!due()) {
          return;
        }
        settled = eventsHealthy.getAsBoolean() && !anyInProgress();
      }
      changedStacks = sweepAndCompare();
      synchronized (pollLock) {
        adaptSweepInterval(settled, changedStacks);
      }
    }
    tellAfterSweep(changedStacks);
  }

  /**
   * Guarded by pollLock. A settled sweep that found nothing new is evidence the events are
   * complete: the next waits twice as long (up to the longest). A change found (an event missed, or
   * a deploy's stacks moving), or events not arriving, starts again from the sweep interval.
   */
  private void adaptSweepInterval(boolean settled, Set<StackView> changedStacks) {
    if (!eventsHealthy.getAsBoolean() || !changedStacks.isEmpty()) {
      if (!changedStacks.isEmpty()
          && settled
          && currentSweepInterval.compareTo(sweepInterval) > 0) {
        LOG.info(
            "a settled sweep found {} stack(s) changed that no event had named: sweeping every {}"
                + " again",
            changedStacks.size(),
            sweepInterval);
      }
      currentSweepInterval = sweepInterval;
    } else if (settled) {
      Duration doubled = currentSweepInterval.multipliedBy(2);
      currentSweepInterval =
          doubled.compareTo(longestSweepInterval) > 0 ? longestSweepInterval : doubled;
    }
  }

  /** Guarded by pollLock. */
  private boolean due() {
    if (!swept) {
      return true;
    }
    long sinceLastSweep = nanoTime.getAsLong() - lastSweep;
    if (sinceLastSweep < minimumGap.toNanos()) {
      return false; // swept moments ago (by a reader): the next tick comes soon enough
    }
    if (lastSweep > tickPlannedAt && !anyInProgress()) {
      // A reader swept after this tick was planned (at a start, on a busy machine, the first
      // reconciles beat the first tick by more than the gap): its answer is as fresh as ours.
      return false;
    }
    if (!eventsHealthy.getAsBoolean()) {
      return true; // the sweep is all there is: every interval, fast while a stack is in progress
    }
    // Events arrive: each stack in progress will announce its end, and the operator's own changes
    // are read by the reconcile that made them. Sweeping every fast interval while anything is in
    // progress would cost a whole paginated DescribeStacks every 5 s through a deploy (500 pages
    // at 50,000 stacks: more than CloudFormation's DescribeStacks rate allows an account).
    return sinceLastSweep >= currentSweepInterval.toNanos();
  }

  /**
   * Drops what the poller knows: the next reader sweeps. For an account and region nobody observed
   * for a while (no calls were made, events were missed).
   */
  public void forget() {
    synchronized (pollLock) {
      stacks = null;
      swept = false;
    }
  }

  /** Called with the stacks whose state differs from the previous poll (gone ones included). */
  public void addListener(Consumer<Set<StackView>> listener) {
    listeners.add(listener);
  }

  /** One DescribeStacks round: refreshes the cache and notifies listeners of changes. */
  public void poll() {
    Set<StackView> changedStacks;
    synchronized (sweepLock) {
      changedStacks = sweepAndCompare();
    }
    tellAfterSweep(changedStacks);
  }

  /**
   * Under sweepLock, not pollLock: one sweep, and the stacks whose state differs from before it.
   */
  private Set<StackView> sweepAndCompare() {
    Sweep fetched = fetchSweep();
    synchronized (pollLock) {
      Set<StackView> changedStacks = new HashSet<>();
      Map<String, StackView> previous = stacks == null ? Map.of() : stacks;
      boolean known = stacks != null;
      Map<String, StackView> current = applySweep(fetched);
      if (known) {
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
      stacks = new ConcurrentHashMap<>(current);
      return changedStacks;
    }
  }

  /** Outside pollLock: listeners may read (and so lock) again. */
  private void tellAfterSweep(Set<StackView> changedStacks) {
    if (!changedStacks.isEmpty()) {
      listeners.forEach(l -> l.accept(changedStacks));
    }
    afterSweep.forEach(Runnable::run);
  }

  /** True while CloudFormation works on any stack of this account and region. */
  public boolean anyInProgress() {
    Map<String, StackView> snapshot = stacks;
    return snapshot != null && snapshot.values().stream().anyMatch(StackView::inProgress)
        || !stale.isEmpty();
  }

  /** Polls on {@code scheduler} from now on, until {@link #close()}. */
  public void start(ScheduledExecutorService scheduler, Duration settled, Duration fast) {
    minimumGap(fast);
    schedule(scheduler, settled, fast, Duration.ZERO);
  }

  /** How many of the kept stacks are in each status, as of the last poll. */
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
    tickPlanned();
    next =
        scheduler.schedule(
            () -> {
              try {
                tick();
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

  /** The next tick is planned now (the scheduler calls it; tests too). */
  void tickPlanned() {
    tickPlannedAt = nanoTime.getAsLong();
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
    boolean sweptNow = false;
    Map<String, StackView> known;
    synchronized (sweepLock) {
      if (stacks == null) {
        // First reader polls: one call serves every pipeline that starts at the same time.
        Sweep fetched = fetchSweep();
        synchronized (pollLock) {
          stacks = new ConcurrentHashMap<>(applySweep(fetched));
        }
        sweptNow = true;
      }
      known = stacks;
    }
    if (sweptNow) {
      afterSweep.forEach(Runnable::run);
    }
    return known;
  }

  /** What one sweep read, and when it started (its ticket and wall-clock time). */
  private record Sweep(long ticket, Instant started, List<StackView> all) {}

  /** One paginated DescribeStacks of the account and region; under sweepLock, not pollLock. */
  private Sweep fetchSweep() {
    long ticket = tickets.incrementAndGet();
    Instant started = wallClock.instant();
    return new Sweep(ticket, started, reader.get().describeStacks());
  }

  /**
   * Guarded by pollLock: the stacks a sweep found, kept and counted, with the answers of targeted
   * reads that started after the sweep did (recorded while its pages were read) kept over the
   * sweep's older ones.
   */
  private Map<String, StackView> applySweep(Sweep fetched) {
    Map<String, StackView> current = new HashMap<>();
    Predicate<String> keep = kept;
    for (StackView stack : fetched.all()) {
      if (keep.test(stack.name())) {
        current.put(stack.name(), stack);
      }
    }
    Map<String, StackView> cached = stacks == null ? Map.of() : stacks;
    readAt.entrySet().removeIf(read -> read.getValue() < fetched.ticket());
    readStartedAt.keySet().retainAll(readAt.keySet());
    for (String newer : readAt.keySet()) {
      StackView read = cached.get(newer);
      if (read == null) {
        current.remove(newer); // the newer read found it gone
      } else {
        current.put(newer, read);
      }
    }
    sweptStacks = fetched.all().size();
    sweptAt = fetched.ticket();
    sweepStartedAt = fetched.started();
    polls.incrementAndGet();
    lastSweep = nanoTime.getAsLong();
    swept = true;
    return current;
  }

  private static boolean sameState(StackView a, StackView b) {
    return Objects.equals(a.status(), b.status())
        && Objects.equals(a.id(), b.id())
        && Objects.equals(a.outputs(), b.outputs())
        && Objects.equals(a.lastUpdated(), b.lastUpdated());
  }
}
