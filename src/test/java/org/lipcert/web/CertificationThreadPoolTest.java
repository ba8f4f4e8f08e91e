package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The shared pool runs work on its own named daemon threads and stops when closed. */
class CertificationThreadPoolTest {

  @Test
  void runsWorkOnNamedDaemonThreads() throws Exception {
    try (CertificationThreadPool pool = new CertificationThreadPool(2)) {
      Thread thread =
          CompletableFuture.supplyAsync(Thread::currentThread, pool.executor())
              .get(10, TimeUnit.SECONDS);

      assertThat(thread.getName()).as("thread name").startsWith("lipcert-certify-");
      assertThat(thread.isDaemon()).as("daemon: never keeps the JVM alive").isTrue();
      assertThat(pool.threads()).as("size").isEqualTo(2);
    }
  }

  @Test
  void refusesWorkOnceClosed() {
    CertificationThreadPool pool = new CertificationThreadPool(1);
    pool.close();

    assertThatThrownBy(() -> pool.executor().execute(() -> {}))
        .as("a closed pool takes no more work")
        .isInstanceOf(RejectedExecutionException.class);
  }
}
