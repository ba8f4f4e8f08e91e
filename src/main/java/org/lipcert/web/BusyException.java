package org.lipcert.web;

/**
 * Thrown when the service is at capacity: every certification slot is taken (429 {@code
 * too-many-requests} for a synchronous request) or the job queue is full (503 {@code
 * service-unavailable}); both answered with {@code Retry-After}.
 */
final class BusyException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final ProblemType type;
  private final long retryAfterSeconds;

  /**
   * Creates the exception.
   *
   * @param type {@link ProblemType#TOO_MANY_REQUESTS} or {@link ProblemType#SERVICE_UNAVAILABLE}
   * @param detail what is full
   * @param retryAfterSeconds the {@code Retry-After} to send
   */
  BusyException(ProblemType type, String detail, long retryAfterSeconds) {
    super(detail);
    this.type = type;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** Returns the kind of problem. */
  ProblemType type() {
    return type;
  }

  /** Returns the seconds a client should wait before retrying. */
  long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
