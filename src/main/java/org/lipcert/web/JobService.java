package org.lipcert.web;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.MalformedModelException;
import org.lipcert.core.UncertifiableModelException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.http.ProblemDetail;

/**
 * Runs certifications as jobs on a bounded executor (DESIGN §5): as many workers as certification
 * slots, a queue of {@code lipcert.jobs.queue-capacity} (503 with {@code Retry-After} beyond it),
 * finished jobs kept for {@code lipcert.jobs.retention} and at most {@code lipcert.jobs.max-stored}
 * of them. Thread-safe.
 */
final class JobService implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  /** The {@code Retry-After} of a refused job, and the polling hint of an accepted one. */
  static final long RETRY_AFTER_SECONDS = 5;

  /** How long closing waits for running jobs before interrupting them. */
  static final long SHUTDOWN_GRACE_SECONDS = 10;

  private final CertificationService service;
  private final LipCertProperties.Jobs config;
  private final ThreadPoolExecutor executor;
  private final Map<String, Job> jobs = new LinkedHashMap<>();

  JobService(CertificationService service, LipCertProperties.Jobs config, MeterRegistry registry) {
    this.service = service;
    this.config = config;
    int workers = service.slots().capacity();
    BlockingQueue<Runnable> queue =
        config.queueCapacity() == 0
            ? new SynchronousQueue<>()
            : new ArrayBlockingQueue<>(config.queueCapacity());
    AtomicInteger count = new AtomicInteger();
    this.executor =
        new ThreadPoolExecutor(
            workers,
            workers,
            60,
            TimeUnit.SECONDS,
            queue,
            task -> {
              Thread thread = new Thread(task, "lipcert-job-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    Gauge.builder("lipcert.jobs.queue.depth", executor, e -> e.getQueue().size())
        .description("Jobs waiting for a worker")
        .register(registry);
    Gauge.builder("lipcert.jobs.running", executor, ThreadPoolExecutor::getActiveCount)
        .description("Jobs being certified")
        .register(registry);
  }

  /**
   * Submits a job.
   *
   * @param request the validated request
   * @return the queued job
   * @throws BusyException (503) if the queue is full
   */
  Job submit(CertificationService.Request request) {
    Job job = new Job(UUID.randomUUID().toString(), request);
    String requestId = MDC.get(RequestIdFilter.MDC_KEY);
    synchronized (jobs) {
      purge();
      jobs.put(job.id(), job);
    }
    try {
      executor.execute(() -> run(job, requestId));
    } catch (RejectedExecutionException e) {
      synchronized (jobs) {
        jobs.remove(job.id());
      }
      throw new BusyException(
          ProblemType.SERVICE_UNAVAILABLE,
          "the job queue is full ("
              + config.queueCapacity()
              + " waiting, lipcert.jobs.queue-capacity); retry later",
          RETRY_AFTER_SECONDS);
    }
    return job;
  }

  /**
   * Returns a job.
   *
   * @param id its id
   * @return the job
   * @throws JobNotFoundException if unknown or expired
   */
  Job get(String id) {
    synchronized (jobs) {
      purge();
      Job job = jobs.get(id);
      if (job == null) {
        throw new JobNotFoundException(id);
      }
      return job;
    }
  }

  private void run(Job job, String requestId) {
    if (requestId != null) {
      MDC.put(RequestIdFilter.MDC_KEY, requestId);
    }
    MDC.put("jobId", job.id());
    try {
      if (job.status() != Job.Status.QUEUED) {
        return; // cancelled while queued
      }
      service.slots().acquire();
      try {
        if (!job.start()) {
          return;
        }
        job.succeed(service.run(job.request(), job::progress, job.cancellation(), "job"));
      } catch (CancellationException e) {
        job.cancelled();
      } catch (RuntimeException e) {
        job.fail(problem(e, job.id()));
      } finally {
        service.slots().release();
      }
    } catch (InterruptedException e) {
      job.cancel();
      job.cancelled();
      Thread.currentThread().interrupt();
    } finally {
      MDC.remove("jobId");
      MDC.remove(RequestIdFilter.MDC_KEY);
    }
  }

  /** Returns the problem a synchronous request would have got for the same failure. */
  static ProblemDetail problem(RuntimeException e, String jobId) {
    ProblemDetail problem;
    if (e instanceof MalformedModelException) {
      problem = ProblemDetailsAdvice.problemDetail(ProblemType.MALFORMED_MODEL, e.getMessage());
    } else if (e instanceof UncertifiableModelException u) {
      problem = ProblemDetailsAdvice.problemDetail(ProblemType.NOT_CERTIFIABLE, e.getMessage());
      problem.setProperty("node", u.node());
      problem.setProperty("opType", u.opType());
      problem.setProperty("reason", u.reason());
    } else if (e instanceof InvalidModelException) {
      problem = ProblemDetailsAdvice.problemDetail(ProblemType.INVALID_MODEL, e.getMessage());
    } else {
      String errorId = UUID.randomUUID().toString();
      log.error("job {} failed (errorId {})", jobId, errorId, e);
      problem =
          ProblemDetailsAdvice.problemDetail(
              ProblemType.INTERNAL_ERROR,
              "an internal error occurred; it has been logged under the errorId of this problem");
      problem.setProperty("errorId", errorId);
    }
    problem.setInstance(URI.create(JobController.PATH + "/" + jobId));
    return problem;
  }

  /** Drops finished jobs past their retention, and the oldest finished ones beyond the cap. */
  private void purge() {
    Instant horizon = Instant.now().minus(config.retention());
    Iterator<Job> it = jobs.values().iterator();
    while (it.hasNext()) {
      Instant finished = it.next().finishedAt();
      if (finished != null && finished.isBefore(horizon)) {
        it.remove();
      }
    }
    Iterator<Job> oldest = jobs.values().iterator();
    while (jobs.size() >= config.maxStored() && oldest.hasNext()) {
      if (oldest.next().finishedAt() != null) {
        oldest.remove();
      }
    }
  }

  /** Returns how long a client should wait before polling again, in seconds. */
  Duration pollInterval() {
    return Duration.ofSeconds(1);
  }

  /** Cancels every job and stops the workers. */
  @Override
  public void close() {
    synchronized (jobs) {
      jobs.values().forEach(Job::cancel);
    }
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
}
