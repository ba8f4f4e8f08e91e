package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.Progress;

/** The terminal progress bar: silent for a second, then redrawn in place, erased at the end. */
class ProgressBarTest {

  private final StringWriter out = new StringWriter();
  private final AtomicLong now = new AtomicLong(5_000_000_000L);

  private ProgressBar bar() {
    return new ProgressBar(new PrintWriter(out, true), now::get);
  }

  private static Progress layers(int done, int total) {
    return new Progress(Progress.Phase.LAYERS, done, total, 0.6 * done / total, "conv" + done);
  }

  @Test
  void nothingIsDrawnDuringTheFirstSecond() {
    try (ProgressBar bar = bar()) {
      bar.onProgress(layers(1, 4));
      now.addAndGet(ProgressBar.DELAY_NANOS - 1);
      bar.onProgress(layers(2, 4));
      bar.tick();
    }
    assertThat(out.toString()).as("output of a run shorter than the delay").isEmpty();
  }

  @Test
  void afterASecondTheBarIsRedrawnInPlaceAndErasedAtTheEnd() {
    ProgressBar bar = bar();
    bar.onProgress(layers(1, 4));
    now.addAndGet(ProgressBar.DELAY_NANOS + 2_000_000_000L);
    bar.onProgress(layers(3, 4));
    String drawn = out.toString();
    bar.close();

    assertThat(drawn).as("the bar").startsWith("\r[").contains(" 45% layers 3/4 conv3 (3 s)");
    assertThat(drawn).as("no newline: the line is redrawn in place").doesNotContain("\n");
    String erased = out.toString().substring(drawn.length());
    assertThat(erased)
        .as("closing erases the line")
        .isEqualTo("\r" + " ".repeat(drawn.length() - 1) + "\r");
  }

  @Test
  void theLineShowsTheFractionAndThePhase() {
    String line =
        ProgressBar.line(
            new Progress(Progress.Phase.WITNESS, 4, 4, 0.8, "witness"), 12_000_000_000L);

    assertThat(line)
        .as("bar of 80 %")
        .isEqualTo("[" + "#".repeat(24) + ".".repeat(6) + "]  80% witness (12 s)");
  }

  @Test
  void aShorterLineOverwritesTheRestOfALongerOne() {
    ProgressBar bar = bar();
    now.addAndGet(ProgressBar.DELAY_NANOS);
    bar.onProgress(new Progress(Progress.Phase.LAYERS, 1, 10, 0.06, "a-very-long-layer-name"));
    int first = out.toString().length();
    bar.onProgress(new Progress(Progress.Phase.DONE, 10, 10, 1, "done"));
    String second = out.toString().substring(first);

    assertThat(second.length()).as("the second draw covers the first").isEqualTo(first);
    bar.close();
  }

  @Test
  void aDisabledBarDrawsNothing() {
    try (ProgressBar bar = ProgressBar.forCommand(new PrintWriter(out, true), false)) {
      bar.onProgress(layers(1, 2));
      bar.tick();
    }
    assertThat(out.toString()).as("output with --no-progress").isEmpty();
  }
}
