package org.lipcert.web;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.lipcert.core.certify.Progress;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.io.report.CertificateReport;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * One asynchronous certification: its state machine ({@code queued → running → succeeded | failed |
 * cancelled}, or {@code queued → cancelled}), its latest progress, its result, and the
 * Server-Sent-Event subscribers that follow it. Thread-safe: transitions and publications are
 * synchronised on the job.
 */
final class Job {

  /** The states of a job. */
  enum Status {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    String id() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    boolean finished() {
      return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
  }

  private final String id;
  private final Instant createdAt;
  private final CertificationService.Request request;
  private final Deadline cancellation = Deadline.cancellable();
  private final List<SseEmitter> subscribers = new CopyOnWriteArrayList<>();
  private Status status = Status.QUEUED;
  private Progress progress;
  private Instant startedAt;
  private Instant finishedAt;
  private CertificateReport report;
  private ProblemDetail problem;

  Job(String id, CertificationService.Request request) {
    this.id = id;
    this.createdAt = Instant.now();
    this.request = request;
    this.progress = new Progress(Progress.Phase.LAYERS, 0, 0, 0, "queued");
  }

  String id() {
    return id;
  }

  CertificationService.Request request() {
    return request;
  }

  Deadline cancellation() {
    return cancellation;
  }

  synchronized Status status() {
    return status;
  }

  synchronized Instant finishedAt() {
    return finishedAt;
  }

  /** Moves a queued job to running; returns {@code false} if it was cancelled meanwhile. */
  synchronized boolean start() {
    if (status != Status.QUEUED) {
      return false;
    }
    status = Status.RUNNING;
    startedAt = Instant.now();
    return true;
  }

  /** Records progress and sends it to the subscribers. */
  synchronized void progress(Progress update) {
    if (status != Status.RUNNING) {
      return;
    }
    progress = update;
    publish("progress", JobReport.progress(update));
  }

  synchronized void succeed(CertificateReport result) {
    report = result;
    finish(Status.SUCCEEDED);
  }

  synchronized void fail(ProblemDetail failure) {
    problem = failure;
    finish(Status.FAILED);
  }

  /** Cancels the job: at once when queued, at the certifier's next check when running. */
  synchronized void cancel() {
    if (status.finished()) {
      return;
    }
    cancellation.cancel();
    if (status == Status.QUEUED) {
      finish(Status.CANCELLED);
    }
  }

  /** Records that the running certification stopped on cancellation. */
  synchronized void cancelled() {
    finish(Status.CANCELLED);
  }

  private void finish(Status end) {
    status = end;
    finishedAt = Instant.now();
    JobReport snapshot = snapshot();
    publish(end.id(), snapshot);
    for (SseEmitter subscriber : subscribers) {
      subscriber.complete();
    }
    subscribers.clear();
  }

  /**
   * Adds a subscriber: sends it the current progress at once, and completes it at once if the job
   * has finished.
   */
  synchronized void subscribe(SseEmitter emitter) {
    if (status.finished()) {
      send(emitter, status.id(), snapshot());
      emitter.complete();
      return;
    }
    if (send(emitter, "progress", JobReport.progress(progress))) {
      subscribers.add(emitter);
      emitter.onCompletion(() -> subscribers.remove(emitter));
      emitter.onTimeout(() -> subscribers.remove(emitter));
      emitter.onError(error -> subscribers.remove(emitter));
    }
  }

  private void publish(String event, Object data) {
    for (SseEmitter subscriber : subscribers) {
      if (!send(subscriber, event, data)) {
        subscribers.remove(subscriber);
      }
    }
  }

  private static boolean send(SseEmitter emitter, String event, Object data) {
    try {
      emitter.send(SseEmitter.event().name(event).data(data, MediaType.APPLICATION_JSON));
      return true;
    } catch (IOException | IllegalStateException e) {
      return false; // the client went away; the job goes on
    }
  }

  /** Returns the job as the API shows it. */
  synchronized JobReport snapshot() {
    return new JobReport(
        id,
        status.id(),
        createdAt,
        startedAt,
        finishedAt,
        JobReport.progress(progress),
        report,
        problem);
  }
}
