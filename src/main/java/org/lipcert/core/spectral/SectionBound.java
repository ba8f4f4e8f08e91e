package org.lipcert.core.spectral;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;

/**
 * Certified upper bound on the spectral norm of a 2-D convolution on its real input shape that is
 * circular along one spatial axis only: the maximum over that axis's frequencies of the exact norm
 * of a 1-D zero-padded convolution along the other axis ({@link SectionOperator}), each certified
 * by a band Cholesky factorisation ({@link BandCholeskyCertificate}). Tighter than {@link
 * CircularEmbeddingBound}, which makes both axes circular: a zero-padded convolution's norm lies
 * below its symbol's maximum by a finite-size effect per axis, and this bound keeps the larger of
 * the two.
 *
 * <p><b>Proof sketch.</b> Apply the argument of {@link CircularEmbeddingBound} to the circular axis
 * alone (grid {@code N}, stride {@code s}, {@code M = N/s}, twist {@code τ}): embedding the input
 * along that axis is an isometry, the convolution is a restriction of the operator that is circular
 * along it and zero-padded along the other, and the unitary DFT along the circular axis (with the
 * diagonal modulation of the twist) turns that operator into the direct sum over {@code ω < M} of
 * {@code A_ω/√s}, where {@code A_ω} is the 1-D convolution along the exact axis whose taps are the
 * {@code C_out × sC_in} polyphase blocks {@code B_q(ω)}. The argument never uses that the exact
 * axis is periodic, so {@code ‖Conv‖ ≤ max_ω ‖A_ω‖/√s}; for a real kernel {@code A_ω} and {@code
 * A_{−ω}} are conjugate, so half the lines suffice. Each {@code ‖A_ω‖} is bounded either by the 2-D
 * circular blocks on its line ({@link CircularEmbeddingBound#lineBounds}: the same argument along
 * the exact axis bounds {@code A_ω} by its own circular embedding) or, on the lines where those do
 * not reach the level, by {@link BandCholeskyCertificate} on {@code fl(ÂᵀÂ)}, with the error of the
 * computed taps added ({@link SectionOperator#entryError()}).
 *
 * <p><b>Procedure.</b> The line through the survey's dominant block is estimated by Lanczos for
 * both choices of circular axis; the axis whose estimate is lower is kept (both are run, and the
 * smaller bound kept, when their lines are cheap: {@link #BOTH_AXES_WORK}), and the level is that
 * estimate times {@code 1 + slack}, the slack being a sixteenth of the requested tolerance clamped
 * to {@code [10⁻⁶, 10⁻⁴]}. Every 2-D block is certified against the level; each line with a block
 * that fails is estimated and certified as a band matrix at its own estimate times {@code 1 +
 * slack}, the trial growing when a factorisation fails. Lines whose taps are real (frequency 0, or
 * {@code M/2}, without stride along the circular axis) are factorised in real arithmetic, an eighth
 * of the work. On the benchmark's 64-channel 3×3 kernel on 32×32 (ConvolutionBenchmark) the bound
 * lies {@code 2.1·10⁻⁴} above the exact norm, the 2-D embedding {@code 1.4·10⁻³}.
 */
public final class SectionBound {

  /** The largest band factorisation attempted, in multiply-adds ({@code n·w²/2}). */
  static final double MAX_FACTORISATION_WORK = 1e9;

  /** The most lines certified as band matrices before giving up on the level. */
  static final int MAX_LINES = 16;

  /**
   * The largest combined work of one line's band factorisation on each axis for which both axes are
   * tried and the smaller bound kept (the estimates of the dominant lines do not always pick the
   * better axis).
   */
  static final double BOTH_AXES_WORK = 1e8;

  /** The most work of all the band factorisations of one bound, in multiply-adds. */
  static final double MAX_TOTAL_WORK = 2e9;

  /** The slack of the level above the estimate, at least. */
  private static final double MIN_SLACK = 1e-6;

  /**
   * The slack of the level above the estimate, at most: a sixteenth of the requested tolerance,
   * capped here, so that the bound stays close to the exact norm whatever the tolerance.
   */
  private static final double MAX_SLACK = 1e-4;

  /** Lanczos products per line estimate, at most. */
  private static final int ESTIMATE_PRODUCTS = 200;

  /**
   * The relative residual at which a line estimate stops: the Ritz value's error is about its
   * square over the relative gap, well below the slack.
   */
  private static final double ESTIMATE_TOLERANCE = 1e-5;

  /** Krylov vectors per Lanczos cycle of a line estimate. */
  private static final int ESTIMATE_SUBSPACE = 16;

  /** The relative size of the random component of a line estimate's start vector. */
  private static final double START_PERTURBATION = 1e-3;

  /** Attempts per band certificate, the trial growing each time. */
  private static final int MAX_ATTEMPTS = 4;

  /**
   * The bound and the line that determined the axis, for a start vector of the witness search.
   *
   * @param upper the certified upper bound on {@code ‖Conv‖₂}
   * @param circularAxis 0 if the height was made circular, 1 for the width
   * @param lines the number of lines certified as band matrices
   * @param peak the dominant line's estimate and Ritz vector
   * @param across the line through the same block along the other axis (circular along the exact
   *     axis, exact along the circular one), or {@code null} when it was not estimated
   */
  public record Result(double upper, int circularAxis, int lines, Line peak, Line across) {}

  /**
   * One line of the circular axis, estimated.
   *
   * @param group the group
   * @param grid {@code N} of the circular axis
   * @param frequency {@code ω}
   * @param real whether the line's operator is real (its vector holds real parts only)
   * @param estimate the Lanczos estimate of {@code ‖A_ω‖/√s}, from below
   * @param vector the Ritz vector in the layout of {@link SectionOperator}
   */
  public record Line(
      int group, int grid, int frequency, boolean real, double estimate, double[] vector) {}

  private SectionBound() {}

  /**
   * Computes the bound, or returns empty when no axis is affordable, a factorisation fails at every
   * level tried, too many lines need one, or the deadline expires.
   *
   * @param convolution the operator
   * @param surveyed its surveyed plain grid
   * @param relativeTolerance the requested relative width; the level's slack is a sixteenth of it,
   *     clamped to {@code [10⁻⁶, 10⁻⁴]}
   * @param seed the seed of the estimates' start vectors
   * @param deadline when to give up
   * @return the bound, never below the norm
   */
  static Optional<Result> upperBound(
      Convolution convolution,
      CircularEmbeddingBound.SurveyedGrid surveyed,
      double relativeTolerance,
      long seed,
      Deadline deadline) {
    CircularEmbeddingBound.Peak peak = surveyed.peak();
    if (peak == null) {
      return Optional.empty();
    }
    ConvolutionGeometry g = convolution.geometry();
    int[] frequencies = {peak.frequencyHeight(), peak.frequencyWidth()};
    List<Line> estimates =
        IntStream.range(0, 2)
            .parallel()
            .mapToObj(
                axis ->
                    affordable(g, axis)
                        ? estimate(
                            convolution,
                            surveyed,
                            peak.group(),
                            axis,
                            frequencies[axis],
                            seed,
                            deadline)
                        : null)
            .toList();
    int axis = -1;
    for (int a = 0; a < 2; a++) {
      Line line = estimates.get(a);
      if (line != null && (axis < 0 || line.estimate() < estimates.get(axis).estimate())) {
        axis = a;
      }
    }
    if (axis < 0 || deadline.expired()) {
      return Optional.empty();
    }
    Optional<Result> result =
        onAxis(convolution, surveyed, axis, estimates, relativeTolerance, seed, deadline);
    int other = 1 - axis;
    if (estimates.get(other) != null
        && factorisationWork(g, 0) + factorisationWork(g, 1) <= BOTH_AXES_WORK
        && !deadline.expired()) {
      Optional<Result> alternative =
          onAxis(convolution, surveyed, other, estimates, relativeTolerance, seed, deadline);
      if (alternative.isPresent()
          && (result.isEmpty() || alternative.get().upper() < result.get().upper())) {
        return alternative;
      }
    }
    return result;
  }

  /** Runs the procedure with the given circular axis. */
  private static Optional<Result> onAxis(
      Convolution convolution,
      CircularEmbeddingBound.SurveyedGrid surveyed,
      int axis,
      List<Line> estimates,
      double relativeTolerance,
      long seed,
      Deadline deadline) {
    ConvolutionGeometry g = convolution.geometry();
    Line chosen = estimates.get(axis);
    double slack = Math.min(MAX_SLACK, Math.max(relativeTolerance / 16, MIN_SLACK));
    double level = chosen.estimate() * (1 + slack);
    double[][] lineBounds = CircularEmbeddingBound.lineBounds(surveyed, axis, level, deadline);
    int stride = axis == 0 ? g.strideHeight() : g.strideWidth();
    int grid = surveyed.gridSize(axis);
    int m = grid / stride;
    List<int[]> failed = new ArrayList<>();
    double upper = 0;
    for (int group = 0; group < lineBounds.length; group++) {
      for (int w = 0; w < m; w++) {
        if (Math.floorMod(-w, m) < w) {
          continue; // the conjugate line has the same norm
        }
        if (Double.isFinite(lineBounds[group][w])) {
          upper = Math.max(upper, lineBounds[group][w]);
        } else {
          failed.add(new int[] {group, w});
        }
      }
    }
    if (failed.size() > MAX_LINES
        || failed.size() * factorisationWork(g, axis) > MAX_TOTAL_WORK
        || deadline.expired()) {
      return Optional.empty();
    }
    int circular = axis;
    double[] certified =
        failed.parallelStream()
            .mapToDouble(
                line -> {
                  boolean isPeak = line[0] == chosen.group() && line[1] == chosen.frequency();
                  return certifyLine(
                      convolution,
                      surveyed,
                      line[0],
                      circular,
                      line[1],
                      isPeak ? chosen.estimate() : -1,
                      slack,
                      seed,
                      deadline);
                })
            .toArray();
    for (double bound : certified) {
      if (!(bound >= 0)) {
        return Optional.empty();
      }
      upper = Math.max(upper, bound);
    }
    return Optional.of(new Result(upper, axis, failed.size(), chosen, estimates.get(1 - axis)));
  }

  /** Whether the band factorisation for lines along the exact axis is within the work limit. */
  static boolean affordable(ConvolutionGeometry g, int circularAxis) {
    return factorisationWork(g, circularAxis) <= MAX_FACTORISATION_WORK;
  }

  /** Returns {@code n·w²/2}, the multiply-adds of one complex line's band factorisation. */
  private static double factorisationWork(ConvolutionGeometry g, int circularAxis) {
    boolean heightCircular = circularAxis == 0;
    int positions = heightCircular ? g.inputWidth() : g.inputHeight();
    int ke = heightCircular ? g.kernelWidth() : g.kernelHeight();
    int de = heightCircular ? g.dilationWidth() : g.dilationHeight();
    int sc = heightCircular ? g.strideHeight() : g.strideWidth();
    double width = 2.0 * sc * g.inChannelsPerGroup();
    double n = positions * width;
    double bandwidth = Math.min(n - 1, ((ke - 1.0) * de + 1) * width - 1);
    return n * bandwidth * bandwidth / 2;
  }

  /** Estimates {@code ‖A_ω‖/√s} for one line by Lanczos. */
  static Line estimate(
      Convolution convolution,
      CircularEmbeddingBound.SurveyedGrid surveyed,
      int group,
      int axis,
      int frequency,
      long seed,
      Deadline deadline) {
    int grid = surveyed.gridSize(axis);
    SectionOperator line = SectionOperator.of(convolution, group, axis, grid, false, frequency);
    if (line == null) {
      return null;
    }
    PowerIteration.Result result =
        new LanczosIteration(line, ESTIMATE_SUBSPACE)
            .run(
                lineStart(convolution, surveyed, axis, line, seed),
                ESTIMATE_TOLERANCE,
                ESTIMATE_PRODUCTS,
                deadline);
    double estimate = NormWitness.lowerBound(line, result.vector());
    return new Line(
        group,
        grid,
        frequency,
        line.isReal(),
        toConvolutionUnits(convolution, axis, line, estimate),
        result.vector());
  }

  /**
   * Returns a start vector for the estimate of the dominant block's line: the block's singular
   * vector times its Fourier mode along the exact axis, under the window {@code sin(π(x + 1)/(n +
   * 1))}, plus a small seeded random component (a heuristic: the estimate certifies nothing).
   */
  private static double[] lineStart(
      Convolution convolution,
      CircularEmbeddingBound.SurveyedGrid surveyed,
      int axis,
      SectionOperator line,
      long seed) {
    ConvolutionGeometry g = convolution.geometry();
    CircularEmbeddingBound.Peak peak = surveyed.peak();
    boolean heightCircular = axis == 0;
    int s1 = g.strideHeight();
    int s2 = g.strideWidth();
    int cinG = g.inChannelsPerGroup();
    int blockCols = cinG * s1 * s2;
    int sc = heightCircular ? s1 : s2;
    int se = heightCircular ? s2 : s1;
    int gridExact = surveyed.gridSize(1 - axis);
    int me = gridExact / se;
    int frequencyExact = heightCircular ? peak.frequencyWidth() : peak.frequencyHeight();
    int pad = heightCircular ? g.padLeft() : g.padTop();
    int positions = line.positionsIn();
    int widthIn = line.widthIn();
    int cols = sc * cinG;
    double[] z = peak.vector();
    double[] x = new double[line.inputSize()];
    for (int position = 0; position < positions; position++) {
      double window = Math.sin(Math.PI * (position + 1) / (positions + 1));
      for (int jc = 0; jc < sc; jc++) {
        for (int c = 0; c < cinG; c++) {
          double re = 0;
          double im = 0;
          for (int je = 0; je < se; je++) {
            int j1 = heightCircular ? jc : je;
            int j2 = heightCircular ? je : jc;
            int index = (j1 * s2 + j2) * cinG + c;
            double zr = z[index];
            double zi = z[blockCols + index];
            double angle =
                2 * Math.PI * (frequencyExact + (double) je * me) * (pad + position) / gridExact;
            double cos = Math.cos(angle);
            double sin = Math.sin(angle);
            re += zr * cos - zi * sin;
            im += zr * sin + zi * cos;
          }
          int col = position * widthIn + jc * cinG + c;
          x[col] = window * re;
          if (!line.isReal()) {
            x[col + cols] = window * im;
          }
        }
      }
    }
    double[] noise = PowerIteration.randomUnitVector(x.length, seed);
    double norm = VectorNorms.norm2(x);
    if (!(norm > 0) || !Double.isFinite(norm)) {
      return noise;
    }
    for (int i = 0; i < x.length; i++) {
      x[i] = x[i] / norm + START_PERTURBATION * noise[i];
    }
    return x;
  }

  /** Returns {@code 2ᵉ·value/√s}: a value of the scaled line in the convolution's units. */
  private static double toConvolutionUnits(
      Convolution convolution, int axis, SectionOperator line, double value) {
    ConvolutionGeometry g = convolution.geometry();
    int stride = axis == 0 ? g.strideHeight() : g.strideWidth();
    return Math.scalb(value, line.exponent()) / Math.sqrt(stride);
  }

  /**
   * Certifies {@code ‖A_ω‖/√s} for one line at its estimate times {@code 1 + slack}, raising the
   * trial when the factorisation fails; returns the bound in the units of the convolution, or
   * {@code NaN} when every attempt failed.
   *
   * @param known the line's estimate if already computed, else negative
   */
  private static double certifyLine(
      Convolution convolution,
      CircularEmbeddingBound.SurveyedGrid surveyed,
      int group,
      int axis,
      int frequency,
      double known,
      double slack,
      long seed,
      Deadline deadline) {
    int grid = surveyed.gridSize(axis);
    SectionOperator line = SectionOperator.of(convolution, group, axis, grid, false, frequency);
    if (line == null) {
      return 0;
    }
    double estimate = known;
    if (estimate < 0) {
      Line estimated = estimate(convolution, surveyed, group, axis, frequency, seed, deadline);
      estimate = estimated == null ? 0 : estimated.estimate();
    }
    ConvolutionGeometry g = convolution.geometry();
    int stride = axis == 0 ? g.strideHeight() : g.strideWidth();
    BandMatrix gram = line.gram();
    // the trial in the units of the scaled line: ‖Â‖ ≈ 2⁻ᵉ·estimate·√s
    double trial = Math.scalb(estimate * (1 + slack) * Math.sqrt(stride), -line.exponent());
    for (int attempt = 0; attempt < MAX_ATTEMPTS && !deadline.expired(); attempt++) {
      OptionalDouble certified = BandCholeskyCertificate.tryCertify(gram, trial * trial);
      if (certified.isPresent()) {
        double scaled = UpwardArithmetic.sqrt(certified.getAsDouble());
        double bound = UpwardArithmetic.add(Math.scalb(scaled, line.exponent()), line.entryError());
        return UpwardArithmetic.divide(bound, Math.sqrt(stride) * (1 - 1e-15));
      }
      trial *= 1 + 16 * slack * (attempt + 1);
    }
    return Double.NaN;
  }
}
