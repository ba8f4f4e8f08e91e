package org.lipcert.core.numeric;

import java.time.Duration;
import java.util.concurrent.CancellationException;

/**
 * When long-running numerical work must stop: at a point in time (a request's time budget), on
 * cancellation (a deleted job), or never ({@link #NONE}). Iterative methods poll {@link #expired()}
 * and stop early with what they have — a witness that did not converge, a certificate that is
 * looser but still certified; orchestrators call {@link #throwIfCancelled()} between phases, since
 * a cancelled result is discarded rather than reported.
 *
 * <p>A deadline may have a parent: it expires when its own time is up or its parent expires, and is
 * cancelled when its parent is. Thread-safe; cancellation is visible to all threads.
 */
public final class Deadline {

  /** The deadline that never expires and cannot be cancelled. */
  public static final Deadline NONE = new Deadline(null, Long.MAX_VALUE, false);

  private final Deadline parent;
  private final long atNanos;
  private final boolean timed;
  private volatile boolean cancelled;
  private volatile boolean timeUp;

  private Deadline(Deadline parent, long atNanos, boolean timed) {
    this.parent = parent;
    this.atNanos = atNanos;
    this.timed = timed;
  }

  /** Returns a deadline without a time limit that can be cancelled. */
  public static Deadline cancellable() {
    return new Deadline(null, Long.MAX_VALUE, false);
  }

  /**
   * Returns a deadline that expires when {@code budget} has passed from now or this one expires,
   * and is cancelled with this one.
   *
   * @param budget the time budget, or {@code null} or zero for none
   * @return the new deadline, or this one when there is no budget
   */
  public Deadline withBudget(Duration budget) {
    if (budget == null || budget.isZero()) {
      return this;
    }
    return new Deadline(this, System.nanoTime() + budget.toNanos(), true);
  }

  /** Returns whether the time is up or the work was cancelled: iterations should stop. */
  public boolean expired() {
    if (cancelled() || timeUp) {
      return true;
    }
    if (timed && System.nanoTime() - atNanos >= 0) {
      timeUp = true;
      return true;
    }
    return parent != null && parent.expired();
  }

  /**
   * Returns whether the time budget ran out (this one's or a parent's), as opposed to cancelled.
   */
  public boolean timeUp() {
    return (timeUp || (timed && System.nanoTime() - atNanos >= 0))
        || (parent != null && parent.timeUp());
  }

  /** Returns whether the work was cancelled. */
  public boolean cancelled() {
    return cancelled || (parent != null && parent.cancelled());
  }

  /**
   * Cancels the work.
   *
   * @throws UnsupportedOperationException for {@link #NONE}
   */
  public void cancel() {
    if (this == NONE) {
      throw new UnsupportedOperationException("Deadline.NONE cannot be cancelled");
    }
    cancelled = true;
  }

  /**
   * Throws if the work was cancelled.
   *
   * @throws CancellationException if it was
   */
  public void throwIfCancelled() {
    if (cancelled()) {
      throw new CancellationException("the certification was cancelled");
    }
  }
}
