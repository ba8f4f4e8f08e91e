package org.lipcert.web;

import java.util.concurrent.Semaphore;

/**
 * The certifications that may run at once, synchronous requests and jobs together ({@code
 * lipcert.limits.max-concurrent-certifications}), so that many uploads at once queue or are refused
 * instead of exhausting memory. A synchronous request that finds no free slot is refused with 429;
 * a job waits for one in its queue.
 */
final class CertificationSlots {

  /** The {@code Retry-After} of a refused synchronous request, in seconds. */
  static final long RETRY_AFTER_SECONDS = 5;

  private final Semaphore permits;
  private final int capacity;

  /**
   * Creates the slots.
   *
   * @param capacity the number of slots, at least 1
   */
  CertificationSlots(int capacity) {
    this.capacity = capacity;
    this.permits = new Semaphore(capacity, true);
  }

  /**
   * Takes a slot for a synchronous request or refuses it.
   *
   * @throws BusyException (429) if every slot is taken
   */
  void acquireOrRefuse() {
    if (!permits.tryAcquire()) {
      throw new BusyException(
          ProblemType.TOO_MANY_REQUESTS,
          "all "
              + capacity
              + " certification slots are busy (lipcert.limits.max-concurrent-certifications);"
              + " retry later, or submit the model as a job to POST /api/v1/jobs",
          RETRY_AFTER_SECONDS);
    }
  }

  /**
   * Takes a slot for a job, waiting for one.
   *
   * @throws InterruptedException if interrupted while waiting
   */
  void acquire() throws InterruptedException {
    permits.acquire();
  }

  /** Returns a slot. */
  void release() {
    permits.release();
  }

  /** Returns the number of slots. */
  int capacity() {
    return capacity;
  }
}
