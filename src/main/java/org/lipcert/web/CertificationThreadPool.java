package org.lipcert.web;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The fixed pool of threads on which the {@link org.lipcert.core.certify.Certifier} brackets
 * independent layers, shared by all requests, so that the service never runs more numerical work at
 * once than it has threads (DESIGN §5). Closed with the application context.
 *
 * <p>Deliberately not an {@link Executor} itself: a bean of that type would make Spring Boot skip
 * its own application task executor.
 */
final class CertificationThreadPool implements AutoCloseable {

  /** How long closing waits for layers still being bracketed before interrupting them. */
  static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final ExecutorService executor;
  private final int threads;

  /**
   * Starts the pool.
   *
   * @param threads the number of threads, at least 1
   */
  CertificationThreadPool(int threads) {
    this.threads = threads;
    this.executor = Executors.newFixedThreadPool(threads, namedDaemonThreads());
  }

  /** Returns the executor the certifier submits layer brackets to. */
  Executor executor() {
    return executor;
  }

  /** Returns the number of threads. */
  int threads() {
    return threads;
  }

  /** Stops accepting work, waits up to {@value #SHUTDOWN_GRACE_SECONDS} s, then interrupts. */
  @Override
  public void close() {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(SHUTDOWN_GRACE_SECONDS, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  private static ThreadFactory namedDaemonThreads() {
    AtomicInteger count = new AtomicInteger();
    return task -> {
      Thread thread = new Thread(task, "lipcert-certify-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    };
  }
}
