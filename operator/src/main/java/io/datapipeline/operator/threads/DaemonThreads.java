package io.datapipeline.operator.threads;

import java.util.concurrent.ThreadFactory;

/**
 * Thread factories for background work: daemon threads, so that none keeps the JVM alive once the
 * work that owns them has stopped, named so that a thread dump says whose they are.
 */
public final class DaemonThreads {

  private DaemonThreads() {}

  /** Daemon threads, each called {@code name}. */
  public static ThreadFactory named(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
