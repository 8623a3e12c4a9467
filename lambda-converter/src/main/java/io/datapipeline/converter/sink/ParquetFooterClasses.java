package io.datapipeline.converter.sink;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Initialises parquet-hadoop's {@code ParquetMetadata} on a thread of its own, once per JVM, when
 * there is a second core. Closing every Parquet file makes one ({@code ParquetFileWriter.end}), and
 * its static initialiser builds a shaded jackson-databind {@code ObjectMapper} (about 375 classes,
 * only ever used by its {@code toJSON}): some 50 ms of CPU with AppCDS, on the encoder thread, at
 * the very end of a conversion, when nothing else runs beside it ({@code
 * bench/converter-startup.sh}). Started at a sink's creation, it overlaps the start of the
 * conversion instead. A failure is not hidden: the thread's uncaught-exception handler prints it,
 * and the file's close then fails on the class as it would have anyway.
 */
final class ParquetFooterClasses {

  private static final String FOOTER_CLASS = "org.apache.parquet.hadoop.metadata.ParquetMetadata";
  private static final AtomicBoolean STARTED = new AtomicBoolean();

  private ParquetFooterClasses() {}

  /** Starts the initialisation unless it was started before or there is one core only. */
  static void initialiseOnSpareCore() {
    if (Runtime.getRuntime().availableProcessors() < 2 || !STARTED.compareAndSet(false, true)) {
      return;
    }
    Thread thread = new Thread(ParquetFooterClasses::initialise, "parquet-footer-classes");
    thread.setDaemon(true); // never keeps a JVM alive
    thread.start();
  }

  private static void initialise() {
    try {
      Class.forName(FOOTER_CLASS, true, ParquetFooterClasses.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(FOOTER_CLASS + " is not on the class path", e);
    }
  }
}
