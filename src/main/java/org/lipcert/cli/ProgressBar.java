package org.lipcert.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.lipcert.core.certify.Progress;

/**
 * A one-line progress bar on standard error for certifications that take more than {@link
 * #DELAY_NANOS a second}: nothing is drawn before, so quick runs and their output stay clean; the
 * line is redrawn in place ({@code \r}) at most every {@link #REFRESH_MILLIS} ms and erased when
 * the work ends. Shown only on a terminal, never when standard error is redirected or with {@code
 * --no-progress}. Thread-safe: the certifier reports from several threads.
 */
final class ProgressBar implements Progress.Listener, AutoCloseable {

  /** How long a certification runs before the bar appears: one second. */
  static final long DELAY_NANOS = 1_000_000_000L;

  /** How often a visible bar is redrawn, in milliseconds. */
  static final long REFRESH_MILLIS = 250;

  /** The width of the bar in characters. */
  static final int WIDTH = 30;

  private final PrintWriter err;
  private final LongSupplier clock;
  private final long start;
  private final ScheduledExecutorService ticker;
  private Progress latest;
  private int drawnWidth;

  /**
   * Creates a bar that draws only when {@link #tick()} or {@link #onProgress} is called after the
   * delay; for tests, with a given clock.
   *
   * @param err where to draw
   * @param clock the time in nanoseconds
   */
  ProgressBar(PrintWriter err, LongSupplier clock) {
    this(err, clock, null);
  }

  private ProgressBar(PrintWriter err, LongSupplier clock, ScheduledExecutorService ticker) {
    this.err = err;
    this.clock = clock;
    this.start = clock.getAsLong();
    this.ticker = ticker;
  }

  /**
   * Returns a bar for a command: one that also redraws by itself, so that a long layer still shows
   * the elapsed time, or a silent listener when {@code enabled} is false or standard error is not a
   * terminal.
   *
   * @param err the command's standard error
   * @param enabled false with {@code --no-progress}
   * @return the bar; close it when the work ends
   */
  static ProgressBar forCommand(PrintWriter err, boolean enabled) {
    if (!enabled || System.console() == null) {
      return new ProgressBar(null, System::nanoTime, null);
    }
    ScheduledExecutorService ticker =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "lipcert-progress");
              thread.setDaemon(true);
              return thread;
            });
    ProgressBar bar = new ProgressBar(err, System::nanoTime, ticker);
    ticker.scheduleAtFixedRate(bar::tick, REFRESH_MILLIS, REFRESH_MILLIS, TimeUnit.MILLISECONDS);
    return bar;
  }

  @Override
  public synchronized void onProgress(Progress progress) {
    latest = progress;
    tick();
  }

  /** Redraws the bar if the delay has passed. */
  synchronized void tick() {
    if (err == null || latest == null) {
      return;
    }
    long elapsed = clock.getAsLong() - start;
    if (elapsed < DELAY_NANOS) {
      return;
    }
    String line = line(latest, elapsed);
    err.print('\r' + line + " ".repeat(Math.max(0, drawnWidth - line.length())));
    err.flush();
    drawnWidth = line.length();
  }

  /** Returns the text of the bar, e.g. {@code [#######.....] 45% layers 3/7 conv2 (12 s)}. */
  static String line(Progress progress, long elapsedNanos) {
    double fraction = Math.max(0, Math.min(1, progress.fraction()));
    int filled = (int) Math.round(fraction * WIDTH);
    StringBuilder line = new StringBuilder("[");
    line.append("#".repeat(filled)).append(".".repeat(WIDTH - filled)).append("] ");
    line.append(String.format(Locale.ROOT, "%3d%% ", Math.round(fraction * 100)));
    line.append(progress.phase().id());
    if (progress.phase() == Progress.Phase.LAYERS) {
      line.append(' ').append(progress.layersDone()).append('/').append(progress.layersTotal());
    }
    String detail = progress.detail();
    if (detail != null && !detail.isEmpty() && !detail.equals(progress.phase().id())) {
      line.append(' ').append(detail.length() > 24 ? detail.substring(0, 23) + "…" : detail);
    }
    line.append(" (").append(elapsedNanos / 1_000_000_000L).append(" s)");
    return line.toString();
  }

  /** Stops redrawing and erases the bar if it was drawn. */
  @Override
  public synchronized void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
    if (err != null && drawnWidth > 0) {
      err.print('\r' + " ".repeat(drawnWidth) + '\r');
      err.flush();
      drawnWidth = 0;
    }
  }
}
