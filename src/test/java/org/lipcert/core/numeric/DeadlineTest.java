package org.lipcert.core.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.junit.jupiter.api.Test;

/** The states of a {@link Deadline}: time budgets, cancellation, and their inheritance. */
class DeadlineTest {

  @Test
  void noneNeverExpiresAndCannotBeCancelled() {
    assertThat(Deadline.NONE.expired()).as("NONE expired").isFalse();
    assertThat(Deadline.NONE.timeUp()).as("NONE time up").isFalse();
    assertThatThrownBy(Deadline.NONE::cancel).isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void aZeroOrAbsentBudgetIsNoDeadline() {
    Deadline parent = Deadline.cancellable();
    assertThat(parent.withBudget(null)).as("null budget").isSameAs(parent);
    assertThat(parent.withBudget(Duration.ZERO)).as("zero budget").isSameAs(parent);
  }

  @Test
  void aBudgetExpiresAsTimeUpNotAsCancelled() throws InterruptedException {
    Deadline deadline = Deadline.NONE.withBudget(Duration.ofMillis(20));
    assertThat(deadline.expired()).as("expired at once").isFalse();
    Thread.sleep(40);
    assertThat(deadline.expired()).as("expired after the budget").isTrue();
    assertThat(deadline.timeUp()).as("time up after the budget").isTrue();
    assertThat(deadline.cancelled()).as("cancelled after the budget").isFalse();
    deadline.throwIfCancelled(); // a budget that ran out is not a cancellation
  }

  @Test
  void cancellationReachesChildrenButNotParents() {
    Deadline parent = Deadline.cancellable();
    Deadline child = parent.withBudget(Duration.ofHours(1));
    assertThat(child.expired()).as("child before cancellation").isFalse();

    parent.cancel();

    assertThat(child.expired()).as("child expired with its parent").isTrue();
    assertThat(child.cancelled()).as("child cancelled with its parent").isTrue();
    assertThat(child.timeUp()).as("child's time is not up").isFalse();
    assertThatThrownBy(child::throwIfCancelled).isInstanceOf(CancellationException.class);

    Deadline other = Deadline.cancellable();
    Deadline otherChild = other.withBudget(Duration.ofHours(1));
    otherChild.cancel();
    assertThat(other.cancelled()).as("parent of a cancelled child").isFalse();
  }

  @Test
  void aParentsBudgetBoundsItsChildren() throws InterruptedException {
    Deadline parent = Deadline.cancellable().withBudget(Duration.ofMillis(10));
    Deadline child = parent.withBudget(Duration.ofHours(1));
    Thread.sleep(30);
    assertThat(child.expired()).as("child of an expired parent").isTrue();
    assertThat(child.timeUp()).as("child's time is up with its parent's").isTrue();
  }

  @Test
  void cancellationIsVisibleToOtherThreads() throws InterruptedException {
    Deadline deadline = Deadline.cancellable();
    Thread worker =
        new Thread(
            () -> {
              while (!deadline.expired()) {
                Thread.onSpinWait();
              }
            });
    worker.start();
    deadline.cancel();
    worker.join(10_000);
    assertThat(worker.isAlive()).as("the spinning worker saw the cancellation").isFalse();
  }
}
