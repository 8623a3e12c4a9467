package io.datapipeline.converter.sink;

import io.datapipeline.converter.core.RowBatch;
import io.datapipeline.converter.core.RowSink;
import io.datapipeline.converter.core.Stage;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Runs another sink's {@link #write} on a thread of its own, so that with two vCPUs (a Lambda of
 * 1,769 MB or more) the Parquet encoding of one batch overlaps the parsing and JSON encoding of the
 * next. Batches are handed over as {@link RowBatch#copy copies} in order; at most {@value
 * #IN_FLIGHT} wait, so memory stays a few batches whatever the file size, and a slow delegate slows
 * the pass down instead of piling rows up.
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
  private static final RowBatch END = new RowBatch(1);

  private final RowSink delegate;
  private final BlockingQueue<RowBatch> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
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
        RowBatch batch = queue.take();
        if (batch == END) {
          return;
        }
        if (failure != null || stopped) {
          continue; // keep taking, so the producer never blocks on a full queue
        }
        try {
          delegate.write(batch);
        } catch (Exception e) {
          failure = e;
        } catch (Error e) {
          failure = new IllegalStateException("the " + worker.getName() + " thread failed", e);
        }
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
  public String refuse(Object[] row) {
    return delegate.refuse(row);
  }

  @Override
  public void write(RowBatch batch) throws Exception {
    rethrowFailure();
    queue.put(batch.copy());
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
