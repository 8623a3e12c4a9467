package io.datapipeline.operator.observe;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one long-poll loop of an account and region: receives stack events (one ReceiveMessage per 20
 * s when quiet, whatever the number of pipelines), hands what they say to the targets (the poller
 * refreshes only the stacks named, keeps drift results and dashboard changes: {@link
 * StackPoller#onEvents}), then deletes the messages. While the queue is unreachable or absent it
 * says so ({@link #healthy()} false), so the pollers sweep at the short interval, and tries again
 * after a pause that doubles from {@code firstRetry} up to {@code maxRetry}: the bootstrap stack
 * creating the queue is found within seconds, a queue that stays absent costs one call per {@code
 * maxRetry}.
 */
public final class StackEventListener implements AutoCloseable {

  private static final Logger LOG = LoggerFactory.getLogger(StackEventListener.class);

  private final StackEventQueue queue;
  private final BooleanSupplier wanted;
  private final Duration firstRetry;
  private final Duration maxRetry;
  private Duration retry;
  private final List<Consumer<List<ObservedEvent>>> targets = new CopyOnWriteArrayList<>();
  private volatile boolean healthy;
  private volatile boolean closed;
  private Thread thread;

  /**
   * @param firstRetry first pause before asking an unreachable queue again
   * @param maxRetry longest pause
   */
  public StackEventListener(StackEventQueue queue, Duration firstRetry, Duration maxRetry) {
    this(queue, () -> true, firstRetry, maxRetry);
  }

  /**
   * @param wanted whether any pipeline needs this account and region observed now; no call is made
   *     while it says false (all suspended, deleted, or their sessions closed)
   */
  public StackEventListener(
      StackEventQueue queue, BooleanSupplier wanted, Duration firstRetry, Duration maxRetry) {
    this.queue = queue;
    this.wanted = wanted;
    this.firstRetry = firstRetry;
    this.maxRetry = maxRetry.compareTo(firstRetry) < 0 ? firstRetry : maxRetry;
    this.retry = firstRetry;
  }

  /** The pause before the next attempt after a failure; doubles up to the longest. */
  Duration nextRetry() {
    Duration now = retry;
    Duration doubled = retry.multipliedBy(2);
    retry = doubled.compareTo(maxRetry) > 0 ? maxRetry : doubled;
    return now;
  }

  /** Told what each round's events say, in arrival order (e.g. {@link StackPoller#onEvents}). */
  public void addEventTarget(Consumer<List<ObservedEvent>> target) {
    targets.add(target);
  }

  /**
   * Told only the names of stacks whose status events arrived (e.g. {@link StackPoller#refresh}).
   */
  public void addTarget(Consumer<Set<String>> target) {
    targets.add(
        events -> {
          Set<String> names = new LinkedHashSet<>();
          for (ObservedEvent e : events) {
            if (e instanceof ObservedEvent.StackChanged changed) {
              names.add(changed.stackName());
            }
          }
          if (!names.isEmpty()) {
            target.accept(Set.copyOf(names));
          }
        });
  }

  /** True while the last receive worked: the sweep may then run at its long interval. */
  public boolean healthy() {
    return healthy;
  }

  /**
   * One round: receive, refresh the stacks named, delete. Messages are deleted only after the
   * refresh, so a failed refresh leaves them to arrive again.
   *
   * @return false when the queue could not be read
   */
  public boolean runOnce() {
    if (!wanted.getAsBoolean()) {
      // Not listening: events may be missed meanwhile, so the first sweep after must not wait.
      healthy = false;
      return false;
    }
    List<StackEventQueue.Message> messages;
    try {
      messages = queue.receive();
    } catch (RuntimeException e) {
      if (healthy || !closed) {
        LOG.warn(
            "stack events queue unreachable, sweeping DescribeStacks instead: {}", e.getMessage());
      }
      healthy = false;
      return false;
    }
    healthy = true;
    retry = firstRetry;
    if (messages.isEmpty()) {
      return true;
    }
    List<ObservedEvent> events = new ArrayList<>();
    for (StackEventQueue.Message m : messages) {
      StackEvents.parse(m.body()).ifPresent(events::add);
    }
    if (!events.isEmpty()) {
      List<ObservedEvent> told = List.copyOf(events);
      try {
        targets.forEach(t -> t.accept(told));
      } catch (RuntimeException e) {
        // A refresh that fails (AWS throttling, a bug) must not end the listener's thread. The
        // messages stay in the queue to arrive again, and the sweep runs at the short interval
        // meanwhile.
        LOG.warn("acting on stack events {} failed: {}", told, e.toString());
        healthy = false;
        return false;
      }
    }
    try {
      queue.delete(messages);
    } catch (RuntimeException e) {
      LOG.warn("deleting stack events failed (they will arrive again): {}", e.getMessage());
    }
    return true;
  }

  /** Runs the loop on its own daemon thread (receives block for up to 20 s). */
  public synchronized void start(String name) {
    thread =
        new Thread(
            () -> {
              while (!closed) {
                boolean idle = !wanted.getAsBoolean();
                if (!runOnce() && !closed) {
                  try {
                    Thread.sleep(idle ? firstRetry.toMillis() : nextRetry().toMillis());
                  } catch (InterruptedException e) {
                    return;
                  }
                }
              }
            },
            name);
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public synchronized void close() {
    closed = true;
    healthy = false;
    if (thread != null) {
      thread.interrupt();
    }
  }
}
