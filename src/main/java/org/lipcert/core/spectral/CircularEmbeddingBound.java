package org.lipcert.core.spectral;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.stream.IntStream;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Certified upper bound on the spectral norm of a zero-padded, strided, dilated, grouped
 * convolution on its real input shape, by embedding it into a circular (or half-step twisted)
 * convolution whose norm is exact in the Fourier domain (DESIGN §1, "Per-layer operator norms").
 *
 * <p><b>Proof sketch.</b> Per spatial axis choose a grid {@code N ≥ max(p_b + H + max(p_e, 0),
 * (H_out − 1)s + d(k − 1) + 1)}, a multiple of the stride {@code s}. Embed the input at offset
 * {@code p_b} of the zero grid ({@code E}, an isometry). The convolution reads grid positions
 * {@code i·s + a·d ≤ (H_out − 1)s + d(k − 1) < N} for its outputs {@code i < H_out}, so it equals,
 * on those outputs, the circular correlation on the grid subsampled by {@code s} ({@code C_s})
 * followed by the restriction {@code R} to the first {@code H_out} outputs: {@code Conv = R·C_s·E},
 * and {@code ‖Conv‖ ≤ ‖C_s‖} since {@code ‖R‖, ‖E‖ ≤ 1}.
 *
 * <p>With the unnormalised DFT {@code X̂(ν) = Σ_n x[n]e^{−2πinν/N}} and {@code M = N/s}, the
 * subsampled output has {@code Ŷ(ω) = (1/s)Σ_j K̂(ω + jM)X̂(ω + jM)}, where {@code K̂(ν)} is the
 * {@code C_out × C_in} matrix {@code Σ_a K[:, :, a]e^{2πi·a·d·ν/N}} (dilation enters as the
 * exponent {@code a·d}; groups make it block diagonal). By Parseval, {@code ‖y‖² = (1/(Ms²))Σ_ω
 * |B(ω)ξ(ω)|²} with the polyphase block {@code B(ω) = [K̂(ω + jM)]_j} of size {@code C_out ×
 * C_in·s} and {@code ξ(ω)} the stacked {@code X̂(ω + jM)}, and {@code ‖x‖² = (1/N)Σ_ω|ξ(ω)|²}.
 * Hence {@code ‖C_s‖ = max_ω σ_max(B(ω))/√s} exactly; in 2-D the blocks have {@code s₁s₂} aliased
 * columns and the factor is {@code 1/√(s₁s₂)}. Stride is thus handled exactly, not by ignoring the
 * subsampling, which overestimates stride-2 layers up to 2×.
 *
 * <p><b>Twisted grids.</b> For any {@code τ}, the diagonal unitaries {@code D_in[h] = e^{2πiτ(p_b +
 * h)/N}} and {@code D_out[i] = e^{2πiτ·i·s/N}} give {@code (D_out* Conv D_in x)[i] = Σ_a (K_a
 * e^{2πiτ·a·d/N}) x_pad[i·s + a·d]}: the same zero-padded convolution with the complex kernel
 * {@code K_a e^{2πiτ·a·d/N}}, and the same norm ({@code ‖Conv‖} is the same over the reals and the
 * complexes). The argument above, which never used that the kernel is real, bounds it by the blocks
 * at the shifted frequencies {@code ν + τ}. So every {@code τ} gives a valid bound, and the grids
 * sample the kernel's symbol at different points. The finite, zero-padded operator has no Fourier
 * mode exactly at the symbol's peak, whereas a grid through the peak reaches it; a grid straddling
 * the peak comes closer to the true norm. This class uses {@code τ ∈ {0, ½}} per axis, which keeps
 * the conjugate symmetry below: it surveys the plain grid, locates the peak between grid points by
 * a parabola through the dominant block and its neighbours, and surveys the half-step grid along
 * each axis where the peak lies within a quarter step of a grid point; the grid whose largest block
 * estimate is smaller is certified. On random 64-channel 3×3 kernels on 32×32 inputs this roughly
 * halves the excess over the exact norm (from about 1e-3).
 *
 * <p><b>Rounding.</b> The blocks are computed in floating point with an entrywise error at most
 * {@code (136 + kh + kw)·u·Σ_{a,b}|K[o, c, a, b]|} (angles {@code 2πp/(2N)} from exact integer
 * phases {@code p = a·d·(2ν + 2τ)}, {@code Math.cos}/{@code sin} within 1 ulp, two separable
 * complex sums), so {@code σ(B_exact) ≤ σ(B̂) + ‖E‖_F}. Each {@code σ_max(B̂(ω))} is certified on
 * the real embedding {@code [[Re, −Im], [Im, Re]]} (same singular values, each doubled) by {@link
 * CholeskyCertificate} at a common trial {@code U²} just above the largest estimate, by the
 * Frobenius norm when that is already below {@code U}, or by {@link GramIteration} when the
 * certificate fails. For a real kernel the blocks at {@code ν + τ} and {@code −(ν + τ)} are complex
 * conjugates with equal singular values; with {@code τ ∈ {0, ½}} both lie on the grid, so only half
 * the blocks are visited. The blocks are independent and visited in parallel (the common fork-join
 * pool); the result does not depend on the order.
 */
public final class CircularEmbeddingBound {

  /** Power iterations per block used to estimate its norm before certifying. */
  private static final int ESTIMATE_ITERATIONS = 12;

  /** The number of growing trials before a block falls back to Gram iteration. */
  private static final int MAX_TRIALS = 8;

  /** The blocks with the largest rough estimates that a survey re-estimates by an SVD. */
  private static final int REFINED_BLOCKS = 4;

  /**
   * The distance (in grid steps) between the symbol's located peak and the nearest grid point below
   * which the half-step grid is surveyed along that axis.
   */
  private static final double TWIST_THRESHOLD = 0.25;

  /**
   * The dominant block of the certified grid, for a start vector of the witness search.
   *
   * @param group the group of the block
   * @param frequencyHeight {@code ω₁} in {@code [0, N₁/s₁)}
   * @param frequencyWidth {@code ω₂} in {@code [0, N₂/s₂)}
   * @param vector the right singular vector of the block's real embedding, {@code [Re; Im]} of the
   *     complex vector indexed by {@code (j₁·s₂ + j₂)·C_in/g + c}
   */
  public record Peak(int group, int frequencyHeight, int frequencyWidth, double[] vector) {}

  /**
   * The bound and how it was obtained.
   *
   * @param upper the certified upper bound on {@code ‖Conv‖₂}
   * @param estimate the largest block estimate, {@code ≈ ‖C_s‖}, not a bound on either side of the
   *     real operator
   * @param gridHeight {@code N₁}
   * @param gridWidth {@code N₂}
   * @param twistedHeight whether the frequencies along the first axis are shifted by half a step
   * @param twistedWidth whether the frequencies along the second axis are shifted by half a step
   * @param blocks the number of blocks certified
   * @param peak the dominant block, or {@code null} when none was estimated (deadline, zero kernel)
   */
  public record Result(
      double upper,
      double estimate,
      int gridHeight,
      int gridWidth,
      boolean twistedHeight,
      boolean twistedWidth,
      int blocks,
      Peak peak) {}

  private CircularEmbeddingBound() {}

  /**
   * Returns the grid size along one axis: the smallest multiple of {@code s} that is {@code ≥
   * max(p_b + n + max(p_e, 0), (n_out − 1)s + d(k − 1) + 1)}.
   */
  static int gridSize(int n, int nOut, int k, int s, int d, int padBegin, int padEnd) {
    long needed =
        Math.max(
            (long) padBegin + n + Math.max(padEnd, 0),
            (long) (nOut - 1) * s + (long) d * (k - 1) + 1);
    long grid = (needed + s - 1) / s * s;
    if (grid > Integer.MAX_VALUE / 4) {
      throw new IllegalArgumentException("grid too large: " + grid);
    }
    return (int) grid;
  }

  /**
   * Computes the bound.
   *
   * @param convolution the operator
   * @param relativeTolerance the slack of the common trial above the largest estimate
   * @return the certified bound and its grid
   */
  public static Result upperBound(Convolution convolution, double relativeTolerance) {
    return upperBound(convolution, relativeTolerance, Deadline.NONE);
  }

  /**
   * Computes the bound on the better of the plain and the half-step grids; once the deadline
   * expires, the remaining blocks are bounded by their Frobenius norms (certified, looser) instead
   * of being estimated and certified.
   *
   * @param convolution the operator
   * @param relativeTolerance the slack of the common trial above the largest estimate
   * @param deadline when to stop refining
   * @return the certified bound and its grid
   */
  public static Result upperBound(
      Convolution convolution, double relativeTolerance, Deadline deadline) {
    return certify(survey(convolution, deadline), relativeTolerance, deadline);
  }

  /**
   * Surveys the plain grid of a convolution: estimates every block and locates the dominant one,
   * without certifying anything.
   *
   * @param convolution the operator
   * @param deadline when to stop estimating
   * @return the surveyed plain grid
   */
  static SurveyedGrid survey(Convolution convolution, Deadline deadline) {
    int[] grid = grid(convolution.geometry());
    Spectrum plain = new Spectrum(convolution, grid[0], grid[1], false, false);
    return new SurveyedGrid(plain, plain.survey(deadline));
  }

  /**
   * Certifies the better of a surveyed plain grid and its half-step twists (surveyed here when the
   * peak lies near a grid point).
   *
   * @param surveyed the plain grid from {@link #survey}
   * @param relativeTolerance the slack of the common trial above the largest estimate
   * @param deadline when to stop refining
   * @return the certified bound and its grid
   */
  static Result certify(SurveyedGrid surveyed, double relativeTolerance, Deadline deadline) {
    Spectrum plain = surveyed.spectrum;
    Survey survey = surveyed.survey;
    Spectrum chosen = plain;
    if (survey.peak() != null && !deadline.expired()) {
      boolean twist1 =
          plain.canTwistHeight() && plain.peakOffset(survey.peak(), 0) < TWIST_THRESHOLD;
      boolean twist2 =
          plain.canTwistWidth() && plain.peakOffset(survey.peak(), 1) < TWIST_THRESHOLD;
      if (twist1 || twist2) {
        Spectrum twisted = new Spectrum(plain.convolution, plain.n1, plain.n2, twist1, twist2);
        Survey alternative = twisted.survey(deadline);
        if (alternative.peak() != null && alternative.best() < survey.best()) {
          chosen = twisted;
          survey = alternative;
        }
      }
    }
    return chosen.certify(survey, relativeTolerance, deadline);
  }

  /**
   * Certifies every block of a surveyed grid against one level and returns, per group and per
   * frequency {@code ω} of one axis, the bound on {@code max_{ω'} σ(B)/√(s₁s₂)} over that axis's
   * line of blocks, rounding error included, or {@code +∞} where a block's certificate failed at
   * the level (or the deadline expired). By the proof in the class comment applied to the other
   * axis alone, each finite value also bounds the norm of the line's 1-D operator ({@link
   * SectionOperator}) divided by {@code √s} of this axis.
   *
   * @param surveyed the grid
   * @param axis 0 for the lines of constant {@code ω₁}, 1 for constant {@code ω₂}
   * @param level the level, in the units of the convolution
   * @param deadline when to stop certifying
   * @return {@code [group][ω]}, every frequency filled (conjugate lines have equal values)
   */
  static double[][] lineBounds(SurveyedGrid surveyed, int axis, double level, Deadline deadline) {
    return surveyed.spectrum.lineBounds(axis, level, deadline);
  }

  /**
   * A grid of the circular embedding with the estimates of its survey, not yet certified.
   *
   * <p>Its accessors describe the plain grid: {@code N₁}, {@code N₂}, no twist.
   */
  static final class SurveyedGrid {
    private final Spectrum spectrum;
    private final Survey survey;

    private SurveyedGrid(Spectrum spectrum, Survey survey) {
      this.spectrum = spectrum;
      this.survey = survey;
    }

    /** Returns {@code N} along an axis (0 height, 1 width). */
    int gridSize(int axis) {
      return axis == 0 ? spectrum.n1 : spectrum.n2;
    }

    /** Returns the dominant block, or {@code null} when none was estimated. */
    Peak peak() {
      return survey.peak();
    }
  }

  /**
   * Computes the bound on one grid, without choosing: for tests of the Fourier computation.
   *
   * @param convolution the operator
   * @param twistHeight whether to shift the first axis's frequencies by half a step
   * @param twistWidth whether to shift the second axis's frequencies by half a step
   * @return the certified bound on that grid
   */
  static Result upperBound(Convolution convolution, boolean twistHeight, boolean twistWidth) {
    int[] grid = grid(convolution.geometry());
    Spectrum spectrum = new Spectrum(convolution, grid[0], grid[1], twistHeight, twistWidth);
    return spectrum.certify(spectrum.survey(Deadline.NONE), 1e-10, Deadline.NONE);
  }

  private static int[] grid(ConvolutionGeometry g) {
    return new int[] {
      gridSize(
          g.inputHeight(),
          g.outputHeight(),
          g.kernelHeight(),
          g.strideHeight(),
          g.dilationHeight(),
          g.padTop(),
          g.padBottom()),
      gridSize(
          g.inputWidth(),
          g.outputWidth(),
          g.kernelWidth(),
          g.strideWidth(),
          g.dilationWidth(),
          g.padLeft(),
          g.padRight())
    };
  }

  /**
   * What a survey of a grid found.
   *
   * @param best the largest estimate: the rough estimates' maximum, raised by the SVD of the
   *     dominant blocks
   * @param peak the dominant block, {@code null} when none was estimated
   */
  private record Survey(double best, Peak peak) {}

  /** The certified bounds of one row's visited blocks ({@code NaN} where not visited). */
  private record LineOfBlocks(int group, int w1, double[] bounds) {}

  /** A block's rough estimate and position, for ranking. */
  private record Ranked(double estimate, int group, int w1, int w2) {}

  /** Certifies one block below {@code best·(1 + δ)}, raising the trial when it fails. */
  private static double certify(Block block, double best, double delta) {
    double trial = best * (1 + delta);
    if (block.frobeniusUpper <= trial) {
      return block.frobeniusUpper;
    }
    CholeskyCertificate certificate = new CholeskyCertificate(block.matrix);
    double d = Math.max(delta, 4 * certificate.relativeAllowance(trial));
    for (int attempt = 0; attempt < MAX_TRIALS; attempt++) {
      OptionalDouble bound = certificate.tryCertify(trial);
      if (bound.isPresent()) {
        return Math.min(bound.getAsDouble(), block.frobeniusUpper);
      }
      if (attempt == 0) {
        block.refineEstimate();
        trial = Math.max(trial, block.estimate() * (1 + d));
      } else {
        d *= 4;
        trial = Math.max(trial, block.estimate()) * (1 + d);
      }
    }
    return Math.min(
        GramIteration.upperBound(block.matrix, 0, 1e-12, DenseSpectralNorm.MAX_GRAM_STEPS).upper(),
        block.frobeniusUpper);
  }

  /** A polyphase block as its real embedding, with a cheap estimate and a cheap upper bound. */
  private static final class Block {
    private final DenseMatrix matrix;
    private final double frobeniusUpper;
    private double estimate = -1;

    Block(DenseMatrix matrix) {
      this.matrix = matrix;
      this.frobeniusUpper = matrix.frobeniusNormUpperBound();
    }

    /** Returns a plain estimate of {@code σ_max} from a few power iterations, computed once. */
    double estimate() {
      if (estimate < 0) {
        if (matrix.maxAbs() == 0) {
          estimate = 0;
        } else {
          double[] start = new double[matrix.cols()];
          java.util.Arrays.fill(start, 1.0);
          start[0] += 0.5;
          estimate = new PowerIteration(matrix).run(start, 0, ESTIMATE_ITERATIONS).estimate();
        }
      }
      return estimate;
    }

    /** Replaces the estimate by the singular value decomposition's. */
    void refineEstimate() {
      double current = estimate();
      if (matrix.maxAbs() > 0) {
        SvdWitness.of(matrix).ifPresent(svd -> estimate = Math.max(current, svd.estimate()));
      }
    }
  }

  /**
   * The kernel's transfer function on one grid, computed separably, and the visits of its polyphase
   * blocks.
   */
  private static final class Spectrum {
    private final Convolution convolution;
    private final ConvolutionGeometry g;
    private final int n1;
    private final int n2;
    private final int t1;
    private final int t2;
    private final double[] cos1;
    private final double[] sin1;
    private final double[] cos2;
    private final double[] sin2;

    Spectrum(Convolution convolution, int n1, int n2, boolean twist1, boolean twist2) {
      this.convolution = convolution;
      this.g = convolution.geometry();
      this.n1 = n1;
      this.n2 = n2;
      this.t1 = twist1 ? 1 : 0;
      this.t2 = twist2 ? 1 : 0;
      // angles 2πp/(2N): the phase of frequency ν + t/2 at tap offset q is 2πq(2ν + t)/(2N)
      this.cos1 = new double[2 * n1];
      this.sin1 = new double[2 * n1];
      this.cos2 = new double[2 * n2];
      this.sin2 = new double[2 * n2];
      for (int p = 0; p < 2 * n1; p++) {
        double angle = 2 * Math.PI * p / (2 * n1);
        cos1[p] = Math.cos(angle);
        sin1[p] = Math.sin(angle);
      }
      for (int p = 0; p < 2 * n2; p++) {
        double angle = 2 * Math.PI * p / (2 * n2);
        cos2[p] = Math.cos(angle);
        sin2[p] = Math.sin(angle);
      }
    }

    /** Whether shifting the first axis can change anything: more than one tap and frequency. */
    boolean canTwistHeight() {
      return g.kernelHeight() > 1 && n1 / g.strideHeight() > 1;
    }

    /** Whether shifting the second axis can change anything. */
    boolean canTwistWidth() {
      return g.kernelWidth() > 1 && n2 / g.strideWidth() > 1;
    }

    /**
     * Estimates every block roughly (in parallel), re-estimates the largest few by an SVD, and
     * returns the largest estimate with its block. Once the deadline has expired, blocks are no
     * longer estimated.
     */
    Survey survey(Deadline deadline) {
      List<List<Ranked>> perRow =
          mapRows(
              (group, w1, blocks) -> {
                List<Ranked> top = new ArrayList<>();
                blocks.forEach(
                    (w2, block) -> {
                      if (!deadline.expired()) {
                        top.add(new Ranked(block.estimate(), group, w1, w2));
                        top.sort(RANKING);
                        if (top.size() > REFINED_BLOCKS) {
                          top.remove(top.size() - 1);
                        }
                      }
                    });
                return top;
              });
      List<Ranked> top = new ArrayList<>();
      for (List<Ranked> row : perRow) {
        top.addAll(row);
      }
      top.sort(RANKING);
      if (top.isEmpty()) {
        return new Survey(0, null);
      }
      double best = top.get(0).estimate();
      Peak peak = null;
      double peakValue = -1;
      for (Ranked r : top.subList(0, Math.min(REFINED_BLOCKS, top.size()))) {
        DenseMatrix block = blockAt(r.group(), r.w1(), r.w2());
        if (block.maxAbs() == 0) {
          continue;
        }
        Optional<SvdWitness.Result> svd = SvdWitness.of(block);
        if (svd.isPresent() && svd.get().estimate() > peakValue) {
          peakValue = svd.get().estimate();
          peak = new Peak(r.group(), r.w1(), r.w2(), svd.get().vector());
        }
        best = Math.max(best, svd.map(SvdWitness.Result::estimate).orElse(0.0));
      }
      return new Survey(best, peak);
    }

    /**
     * Returns the distance, in grid steps, from the peak block's frequency to the symbol's maximum
     * along one axis, located by the parabola through the SVD estimates of the block and its two
     * neighbours on that axis.
     */
    double peakOffset(Peak peak, int axis) {
      int m = axis == 0 ? n1 / g.strideHeight() : n2 / g.strideWidth();
      double[] values = new double[3];
      for (int k = -1; k <= 1; k++) {
        int w1 = peak.frequencyHeight();
        int w2 = peak.frequencyWidth();
        if (axis == 0) {
          w1 = Math.floorMod(w1 + k, m);
        } else {
          w2 = Math.floorMod(w2 + k, m);
        }
        DenseMatrix block = blockAt(peak.group(), w1, w2);
        values[k + 1] =
            block.maxAbs() == 0
                ? 0
                : SvdWitness.of(block).map(SvdWitness.Result::estimate).orElse(0.0);
      }
      double curvature = values[0] - 2 * values[1] + values[2];
      if (!(curvature < 0)) {
        return 0;
      }
      return Math.min(0.5, Math.abs(0.5 * (values[0] - values[2]) / curvature));
    }

    /**
     * Certifies every block below the survey's best estimate (or its Frobenius norm once the
     * deadline has expired) and returns the bound with the rounding error and the stride factor.
     */
    Result certify(Survey survey, double relativeTolerance, Deadline deadline) {
      double best = survey.best();
      List<double[]> perRow =
          mapRows(
              (group, w1, blocks) -> {
                double[] maxAndCount = new double[2];
                blocks.forEach(
                    (w2, block) -> {
                      double bound =
                          deadline.expired()
                              ? block.frobeniusUpper
                              : CircularEmbeddingBound.certify(block, best, relativeTolerance);
                      maxAndCount[0] = Math.max(maxAndCount[0], bound);
                      maxAndCount[1]++;
                    });
                return maxAndCount;
              });
      double maxBound = 0;
      int count = 0;
      for (double[] row : perRow) {
        maxBound = Math.max(maxBound, row[0]);
        count += (int) row[1];
      }
      double withError = UpwardArithmetic.add(maxBound, blockErrorBound());
      double strides = (double) g.strideHeight() * g.strideWidth();
      double upper = UpwardArithmetic.divide(withError, UpwardArithmetic.sqrtDown(strides));
      return new Result(
          upper, best / Math.sqrt(strides), n1, n2, t1 == 1, t2 == 1, count, survey.peak());
    }

    /** See {@link CircularEmbeddingBound#lineBounds}. */
    double[][] lineBounds(int axis, double level, Deadline deadline) {
      int m1 = n1 / g.strideHeight();
      int m2 = n2 / g.strideWidth();
      double strides = Math.sqrt((double) g.strideHeight() * g.strideWidth());
      double blockLevel = level * strides;
      double error = blockErrorBound();
      int m = axis == 0 ? m1 : m2;
      double[][] lines = new double[g.groups()][m];
      List<LineOfBlocks> rows =
          mapRows(
              (group, w1, blocks) -> {
                double[] bounds = new double[m2];
                Arrays.fill(bounds, Double.NaN);
                blocks.forEach(
                    (w2, block) -> {
                      double bound = Double.POSITIVE_INFINITY;
                      if (!deadline.expired()) {
                        if (block.frobeniusUpper <= blockLevel) {
                          bound = block.frobeniusUpper;
                        } else {
                          OptionalDouble certified =
                              new CholeskyCertificate(block.matrix).tryCertify(blockLevel);
                          if (certified.isPresent()) {
                            bound = Math.min(certified.getAsDouble(), block.frobeniusUpper);
                          }
                        }
                      }
                      bounds[w2] = bound;
                    });
                return new LineOfBlocks(group, w1, bounds);
              });
      for (LineOfBlocks row : rows) {
        double[] bounds = row.bounds();
        for (int w2 = 0; w2 < bounds.length; w2++) {
          if (Double.isNaN(bounds[w2])) {
            continue;
          }
          // the visited block also stands for its conjugate at (−ω₁, −ω₂)
          double[] line = lines[row.group()];
          if (axis == 0) {
            line[row.w1()] = Math.max(line[row.w1()], bounds[w2]);
            int mirrored = mirror(row.w1(), m1, t1);
            line[mirrored] = Math.max(line[mirrored], bounds[w2]);
          } else {
            line[w2] = Math.max(line[w2], bounds[w2]);
            int mirrored = mirror(w2, m2, t2);
            line[mirrored] = Math.max(line[mirrored], bounds[w2]);
          }
        }
      }
      for (double[] line : lines) {
        for (int w = 0; w < line.length; w++) {
          if (Double.isFinite(line[w])) {
            line[w] =
                UpwardArithmetic.divide(
                    UpwardArithmetic.add(line[w], error), strides * (1 - 1e-15));
          }
        }
      }
      return lines;
    }

    /**
     * Returns {@code ‖E‖_F} bounding the error of any computed block: {@code √(s₁s₂·Σ_{o, c}
     * e_{oc}²)} over the channels of the worst group, with {@code e_{oc} = (136 + kh + kw)·u·Σ_{a,
     * b}|K[o, c, a, b]|}.
     */
    double blockErrorBound() {
      int cinG = g.inChannelsPerGroup();
      int coutG = g.outChannelsPerGroup();
      double factor = (136.0 + g.kernelHeight() + g.kernelWidth()) * RoundingModel.UNIT_ROUNDOFF;
      // squares are summed at the scale of the largest weight, so that none underflows
      int exponent = Math.getExponent(Math.max(maxAbsKernel(), Double.MIN_NORMAL));
      double worst = 0;
      for (int group = 0; group < g.groups(); group++) {
        double sum = 0;
        for (int ol = 0; ol < coutG; ol++) {
          int o = group * coutG + ol;
          for (int c = 0; c < cinG; c++) {
            double abs = 0;
            for (int a = 0; a < g.kernelHeight(); a++) {
              for (int b = 0; b < g.kernelWidth(); b++) {
                abs += Math.abs(Math.scalb(convolution.kernel(o, c, a, b), -exponent));
              }
            }
            double e = factor * abs * 1.01;
            sum += e * e;
          }
        }
        worst = Math.max(worst, sum);
      }
      double strides = (double) g.strideHeight() * g.strideWidth();
      double scaled =
          UpwardArithmetic.multiply(
              UpwardArithmetic.sqrt(UpwardArithmetic.multiply(worst, strides)), 1.01);
      // a weight that was subnormal before scaling may have lost up to 2⁻¹⁰⁷⁵ of it
      return UpwardArithmetic.add(
          Math.scalb(UpwardArithmetic.multiply(scaled, 1.01), exponent),
          UpwardArithmetic.multiply((double) g.kernelSize() * factor * strides, Double.MIN_VALUE));
    }

    /** Returns the largest absolute kernel weight. */
    private double maxAbsKernel() {
      double max = 0;
      for (double k : convolution.kernel()) {
        max = Math.max(max, Math.abs(k));
      }
      return max;
    }

    /** The blocks of one row {@code ω₁}, handed out one at a time with their {@code ω₂}. */
    private interface RowBlocks {
      void forEach(BlockVisitor visitor);
    }

    private interface BlockVisitor {
      void accept(int w2, Block block);
    }

    private interface RowTask<T> {
      T apply(int group, int w1, RowBlocks blocks);
    }

    /**
     * Runs {@code task} on every row {@code (group, ω₁)} with {@code ω₁ ≤ −ω₁}, in parallel, and
     * returns the results in row order. Within a row, only the blocks with {@code ω ≤ −ω}
     * lexicographically are handed out, one at a time, so memory stays at a block per thread.
     */
    private <T> List<T> mapRows(RowTask<T> task) {
      int m1 = n1 / g.strideHeight();
      int m2 = n2 / g.strideWidth();
      List<T> results = new ArrayList<>();
      for (int group = 0; group < g.groups(); group++) {
        int grp = group;
        Transform t = new Transform(grp);
        int[] rows = IntStream.range(0, m1).filter(w1 -> mirror(w1, m1, t1) >= w1).toArray();
        List<T> rowResults =
            Arrays.stream(rows)
                .parallel()
                .mapToObj(
                    w1 ->
                        task.apply(
                            grp,
                            w1,
                            visitor -> {
                              Slice slice = t.slice(w1);
                              boolean selfMirror = mirror(w1, m1, t1) == w1;
                              for (int w2 = 0; w2 < m2; w2++) {
                                if (selfMirror && mirror(w2, m2, t2) < w2) {
                                  continue;
                                }
                                visitor.accept(w2, new Block(slice.embed(w2)));
                              }
                            }))
                .toList();
        results.addAll(rowResults);
      }
      return results;
    }

    /** Returns the block {@code (group, ω₁, ω₂)}, any of the grid's, not only the visited half. */
    DenseMatrix blockAt(int group, int w1, int w2) {
      return new Transform(group).slice(w1).embed(w2);
    }

    /**
     * Returns the index of the block holding the conjugate frequencies: {@code −ω mod M} on the
     * plain grid, {@code M − 1 − ω} on the half-step grid ({@code −(ω + ½) = (M − 1 − ω) + ½}).
     */
    private static int mirror(int w, int m, int twist) {
      return twist == 0 ? (m - w) % m : m - 1 - w;
    }

    /**
     * The partial transform of one group's kernel along the second axis: {@code t[o][c][a][ν₂] =
     * Σ_b K e^{2πi·b·d₂·(ν₂ + τ₂)/N₂}}.
     */
    private final class Transform {
      private final int group;
      private final double[] re;
      private final double[] im;

      Transform(int group) {
        this.group = group;
        int kh = g.kernelHeight();
        int kw = g.kernelWidth();
        int cinG = g.inChannelsPerGroup();
        int coutG = g.outChannelsPerGroup();
        this.re = new double[coutG * cinG * kh * n2];
        this.im = new double[re.length];
        for (int ol = 0; ol < coutG; ol++) {
          int o = group * coutG + ol;
          for (int c = 0; c < cinG; c++) {
            for (int a = 0; a < kh; a++) {
              int base = ((ol * cinG + c) * kh + a) * n2;
              for (int b = 0; b < kw; b++) {
                double k = convolution.kernel(o, c, a, b);
                if (k == 0) {
                  continue;
                }
                long step = (long) b * g.dilationWidth();
                for (int nu = 0; nu < n2; nu++) {
                  int p = (int) ((step * (2L * nu + t2)) % (2L * n2));
                  re[base + nu] += k * cos2[p];
                  im[base + nu] += k * sin2[p];
                }
              }
            }
          }
        }
      }

      /**
       * Returns the slices {@code ν₁ = ω₁ + j₁M₁}: {@code s[j₁][o][c][ν₂] = Σ_a t[o][c][a][ν₂]
       * e^{2πi·a·d₁·(ν₁ + τ₁)/N₁}}.
       */
      Slice slice(int w1) {
        int s1 = g.strideHeight();
        int m1 = n1 / s1;
        int kh = g.kernelHeight();
        int cinG = g.inChannelsPerGroup();
        int coutG = g.outChannelsPerGroup();
        double[] sre = new double[s1 * coutG * cinG * n2];
        double[] sim = new double[sre.length];
        for (int j1 = 0; j1 < s1; j1++) {
          long nu1 = w1 + (long) j1 * m1;
          for (int oc = 0; oc < coutG * cinG; oc++) {
            int target = (j1 * coutG * cinG + oc) * n2;
            for (int a = 0; a < kh; a++) {
              int p = (int) (((long) a * g.dilationHeight() * (2 * nu1 + t1)) % (2L * n1));
              double cr = cos1[p];
              double ci = sin1[p];
              int source = (oc * kh + a) * n2;
              for (int nu = 0; nu < n2; nu++) {
                double xr = re[source + nu];
                double xi = im[source + nu];
                sre[target + nu] += xr * cr - xi * ci;
                sim[target + nu] += xr * ci + xi * cr;
              }
            }
          }
        }
        return new Slice(sre, sim);
      }
    }

    /** The transfer function on one row {@code ω₁} and its aliases, for every {@code ν₂}. */
    private final class Slice {
      private final double[] sre;
      private final double[] sim;

      Slice(double[] sre, double[] sim) {
        this.sre = sre;
        this.sim = sim;
      }

      /**
       * Returns the real embedding {@code [[Re B, −Im B], [Im B, Re B]]} of the block {@code
       * B[o][(j₁, j₂, c)] = K̂[o][c](ω₁ + j₁M₁, ω₂ + j₂M₂)}.
       */
      DenseMatrix embed(int w2) {
        int s1 = g.strideHeight();
        int s2 = g.strideWidth();
        int m2 = n2 / s2;
        int coutG = g.outChannelsPerGroup();
        int cinG = g.inChannelsPerGroup();
        int rows = coutG;
        int cols = cinG * s1 * s2;
        double[] data = new double[4 * rows * cols];
        int width = 2 * cols;
        for (int o = 0; o < rows; o++) {
          for (int j1 = 0; j1 < s1; j1++) {
            for (int j2 = 0; j2 < s2; j2++) {
              int nu2 = w2 + j2 * m2;
              for (int c = 0; c < cinG; c++) {
                int col = (j1 * s2 + j2) * cinG + c;
                int index = ((j1 * coutG + o) * cinG + c) * n2 + nu2;
                double re = sre[index];
                double im = sim[index];
                data[o * width + col] = re;
                data[o * width + cols + col] = -im;
                data[(rows + o) * width + col] = im;
                data[(rows + o) * width + cols + col] = re;
              }
            }
          }
        }
        return DenseMatrix.of(2 * rows, width, data);
      }
    }
  }

  /** Orders by decreasing estimate, then by position, so that ties resolve the same every run. */
  private static final Comparator<Ranked> RANKING =
      Comparator.comparingDouble(Ranked::estimate)
          .reversed()
          .thenComparingInt(Ranked::group)
          .thenComparingInt(Ranked::w1)
          .thenComparingInt(Ranked::w2);
}
