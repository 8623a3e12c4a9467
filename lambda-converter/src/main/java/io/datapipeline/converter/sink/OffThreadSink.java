package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs another sink's {@link #write} on a thread of its own, so that with two vCPUs (a Lambda of
 * 1,769 MB or more) the Parquet encoding of one batch overlaps the parsing and JSON encoding of the
 * next. Batches are handed over as {@link RowBatch#copyInto copies} in order; at most {@value
 * #IN_FLIGHT} wait, so memory stays a few batches whatever the file size, and a slow delegate slows
 * the pass down instead of piling rows up. The copies are recycled: the worker returns each one it
 * has written to a pool the next hand-over takes from, so after the first few batches nothing is
 * allocated per batch. Both directions go through a blocking queue, which orders the producer's
 * writes to a copy before the worker's reads of it and the worker's reads before the next reuse.
 *
 * <p>The contract of the delegate holds: its writes happen in order on one thread; {@link #finish}
 * waits for every batch, then finishes it on the caller's thread; its first failure is rethrown by
 * the next {@link #write} or by {@link #finish} (later batches are dropped, so nothing after a
 * failure is half-written); {@link #abort} drops what waits, lets the batch being written end, and
 * aborts it. The converter's time for this sink's stage counts the hand-over only (including any
 * wait for a free slot); the encoding itself runs beside the pass.
 */
public final class OffThreadSink implements RowSink {

  static final int IN_FLIGHT = 2;

  /** A batch handed to the worker; {@link #END} (no batch) stops it. */
  private record Handover(RowBatch batch) {}

  private static final Handover END = new Handover(null);

  private final RowSink delegate;
  private final BlockingQueue<Handover> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
  // Written copies, for reuse: at most one being written and IN_FLIGHT waiting exist at once.
  private final BlockingQueue<RowBatch> free = new ArrayBlockingQueue<>(IN_FLIGHT + 1);
  private final Thread worker;
  private volatile Exception failure;
  private volatile boolean stopped;

  private OffThreadSink(RowSink delegate, String name) {
    this.delegate = delegate;
    this.worker = new Thread(this::run, name);
    worker.setDaemon(true); // never keeps a JVM alive; finish or abort always ends it
    worker.start();
  }

  /** {@code delegate} on a thread of its own when there is a second core, else itself. */
  public static RowSink onSpareCore(RowSink delegate, String name) {
    return onSpareCore(delegate, name, Runtime.getRuntime().availableProcessors());
  }

  static RowSink onSpareCore(RowSink delegate, String name, int cores) {
    return cores > 1 ? new OffThreadSink(delegate, name) : delegate;
  }

  private void run() {
    try {
      while (true) {
        Handover handover = queue.take();
        if (handover == END) {
          return;
        }
        if (failure != null || stopped) {
          continue; // keep taking, so the producer never blocks on a full queue
        }
        try {
          delegate.write(handover.batch());
        } catch (Exception e) {
          failure = e;
        } catch (Error e) {
          failure = new IllegalStateException("the " + worker.getName() + " thread failed", e);
        }
        free.offer(handover.batch()); // the delegate keeps nothing after write: reusable
      }
    } catch (InterruptedException e) {
      // abort(): nothing more will be written
    }
  }

  @Override
  public Stage stage() {
    return delegate.stage();
  }

  @Override
  public String refuse(RowBatch batch, int row) {
    return delegate.refuse(batch, row);
  }

  @Override
  public void write(RowBatch batch) throws Exception {
    rethrowFailure();
    RowBatch copy = free.poll();
    if (copy == null) {
      copy = batch.emptyCopy();
    }
    batch.copyInto(copy);
    queue.put(new Handover(copy));
  }

  @Override
  public void finish() throws Exception {
    queue.put(END);
    worker.join();
    rethrowFailure();
    delegate.finish(); // join made every write visible here
  }

  @Override
  public void abort() {
    stopped = true;
    worker.interrupt();
    try {
      worker.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // abort anyway; the worker has stopped writing
    }
    delegate.abort();
  }

  private void rethrowFailure() throws Exception {
    Exception e = failure;
    if (e != null) {
      throw e;
    }
  }
}
