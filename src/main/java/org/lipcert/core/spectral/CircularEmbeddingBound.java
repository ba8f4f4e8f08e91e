package org.lipcert.core.spectral;

import java.util.OptionalDouble;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Certified upper bound on the spectral norm of a zero-padded, strided, dilated, grouped
 * convolution on its real input shape, by embedding it into a circular convolution whose norm is
 * exact in the Fourier domain (DESIGN §1, "Per-layer operator norms").
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
 * <p><b>Rounding.</b> The blocks are computed in floating point with an entrywise error at most
 * {@code (136 + kh + kw)·u·Σ_{a,b}|K[o, c, a, b]|} (angles {@code 2πp/N} from exact integer phases,
 * {@code Math.cos}/{@code sin} within 1 ulp, two separable complex sums), so {@code σ(B_exact) ≤
 * σ(B̂) + ‖E‖_F}. Each {@code σ_max(B̂(ω))} is certified on the real embedding {@code [[Re, −Im],
 * [Im, Re]]} (same singular values, each doubled) by {@link CholeskyCertificate} at a common trial
 * {@code U²} just above the largest estimate, by the Frobenius norm when that is already below
 * {@code U}, or by {@link GramIteration} when the certificate fails. Blocks at {@code ω} and {@code
 * −ω} are complex conjugates with equal singular values, so only half are visited.
 */
public final class CircularEmbeddingBound {

  /** Power iterations per block used to estimate its norm before certifying. */
  private static final int ESTIMATE_ITERATIONS = 12;

  /** The number of growing trials before a block falls back to Gram iteration. */
  private static final int MAX_TRIALS = 8;

  /**
   * The bound and how it was obtained.
   *
   * @param upper the certified upper bound on {@code ‖Conv‖₂}
   * @param estimate the largest block estimate, {@code ≈ ‖C_s‖}, not a bound on either side of the
   *     real operator
   * @param gridHeight {@code N₁}
   * @param gridWidth {@code N₂}
   * @param blocks the number of blocks visited
   */
  public record Result(double upper, double estimate, int gridHeight, int gridWidth, int blocks) {}

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
   * Computes the bound; once the deadline expires, the remaining blocks are bounded by their
   * Frobenius norms (certified, looser) instead of being estimated and certified.
   *
   * @param convolution the operator
   * @param relativeTolerance the slack of the common trial above the largest estimate
   * @param deadline when to stop refining
   * @return the certified bound and its grid
   */
  public static Result upperBound(
      Convolution convolution, double relativeTolerance, Deadline deadline) {
    ConvolutionGeometry g = convolution.geometry();
    int n1 =
        gridSize(
            g.inputHeight(),
            g.outputHeight(),
            g.kernelHeight(),
            g.strideHeight(),
            g.dilationHeight(),
            g.padTop(),
            g.padBottom());
    int n2 =
        gridSize(
            g.inputWidth(),
            g.outputWidth(),
            g.kernelWidth(),
            g.strideWidth(),
            g.dilationWidth(),
            g.padLeft(),
            g.padRight());
    Spectrum spectrum = new Spectrum(convolution, n1, n2);
    // pass 1: estimate every block; pass 2: certify each against the largest estimate, rebuilding
    // the blocks one at a time so that memory stays at one block
    double[] best = {0};
    int[] count = {0};
    spectrum.forEachBlock(
        block -> {
          if (!deadline.expired()) {
            best[0] = Math.max(best[0], block.estimate());
          }
          count[0]++;
        });
    double[] maxBound = {0};
    spectrum.forEachBlock(
        block -> {
          double bound =
              deadline.expired()
                  ? block.frobeniusUpper
                  : certify(block, best[0], relativeTolerance);
          maxBound[0] = Math.max(maxBound[0], bound);
        });
    double withError = UpwardArithmetic.add(maxBound[0], spectrum.blockErrorBound());
    double strides = (double) g.strideHeight() * g.strideWidth();
    double upper = UpwardArithmetic.divide(withError, UpwardArithmetic.sqrtDown(strides));
    return new Result(upper, best[0] / Math.sqrt(strides), n1, n2, count[0]);
  }

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
   * The kernel's transfer function on the grid, computed separably, and the visit of the polyphase
   * blocks.
   */
  private static final class Spectrum {
    private final Convolution convolution;
    private final ConvolutionGeometry g;
    private final int n1;
    private final int n2;
    private final double[] cos1;
    private final double[] sin1;
    private final double[] cos2;
    private final double[] sin2;

    Spectrum(Convolution convolution, int n1, int n2) {
      this.convolution = convolution;
      this.g = convolution.geometry();
      this.n1 = n1;
      this.n2 = n2;
      this.cos1 = new double[n1];
      this.sin1 = new double[n1];
      this.cos2 = new double[n2];
      this.sin2 = new double[n2];
      for (int p = 0; p < n1; p++) {
        double angle = 2 * Math.PI * p / n1;
        cos1[p] = Math.cos(angle);
        sin1[p] = Math.sin(angle);
      }
      for (int p = 0; p < n2; p++) {
        double angle = 2 * Math.PI * p / n2;
        cos2[p] = Math.cos(angle);
        sin2[p] = Math.sin(angle);
      }
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
      double worst = 0;
      for (int group = 0; group < g.groups(); group++) {
        double sum = 0;
        for (int ol = 0; ol < coutG; ol++) {
          int o = group * coutG + ol;
          for (int c = 0; c < cinG; c++) {
            double abs = 0;
            for (int a = 0; a < g.kernelHeight(); a++) {
              for (int b = 0; b < g.kernelWidth(); b++) {
                abs += Math.abs(convolution.kernel(o, c, a, b));
              }
            }
            double e = factor * abs * 1.01;
            sum += e * e;
          }
        }
        worst = Math.max(worst, sum);
      }
      double strides = (double) g.strideHeight() * g.strideWidth();
      return UpwardArithmetic.multiply(
          UpwardArithmetic.sqrt(UpwardArithmetic.multiply(worst, strides)), 1.01);
    }

    /**
     * Builds the blocks for the frequencies {@code ω} with {@code ω ≤ −ω} lexicographically, one at
     * a time, and hands each to {@code visitor}.
     */
    void forEachBlock(java.util.function.Consumer<Block> visitor) {
      int s1 = g.strideHeight();
      int s2 = g.strideWidth();
      int m1 = n1 / s1;
      int m2 = n2 / s2;
      int kh = g.kernelHeight();
      int kw = g.kernelWidth();
      int cinG = g.inChannelsPerGroup();
      int coutG = g.outChannelsPerGroup();
      for (int group = 0; group < g.groups(); group++) {
        // partial transform along the second axis: t[o][c][a][ν₂] = Σ_b K e^{2πi·b·d₂·ν₂/N₂}
        double[] tre = new double[coutG * cinG * kh * n2];
        double[] tim = new double[tre.length];
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
                  int p = (int) ((step * nu) % n2);
                  tre[base + nu] += k * cos2[p];
                  tim[base + nu] += k * sin2[p];
                }
              }
            }
          }
        }
        double[] sre = new double[s1 * coutG * cinG * n2];
        double[] sim = new double[sre.length];
        for (int w1 = 0; w1 < m1; w1++) {
          int mirror1 = (m1 - w1) % m1;
          if (mirror1 < w1) {
            continue;
          }
          // slices ν₁ = ω₁ + j₁M₁: s[j₁][o][c][ν₂] = Σ_a t[o][c][a][ν₂] e^{2πi·a·d₁·ν₁/N₁}
          java.util.Arrays.fill(sre, 0);
          java.util.Arrays.fill(sim, 0);
          for (int j1 = 0; j1 < s1; j1++) {
            long nu1 = w1 + (long) j1 * m1;
            for (int oc = 0; oc < coutG * cinG; oc++) {
              int target = (j1 * coutG * cinG + oc) * n2;
              for (int a = 0; a < kh; a++) {
                int p = (int) (((long) a * g.dilationHeight() * nu1) % n1);
                double cr = cos1[p];
                double ci = sin1[p];
                int source = (oc * kh + a) * n2;
                for (int nu = 0; nu < n2; nu++) {
                  double xr = tre[source + nu];
                  double xi = tim[source + nu];
                  sre[target + nu] += xr * cr - xi * ci;
                  sim[target + nu] += xr * ci + xi * cr;
                }
              }
            }
          }
          for (int w2 = 0; w2 < m2; w2++) {
            if (mirror1 == w1 && (m2 - w2) % m2 < w2) {
              continue;
            }
            visitor.accept(new Block(embed(sre, sim, w2, m2, coutG, cinG)));
          }
        }
      }
    }

    /**
     * Returns the real embedding {@code [[Re B, −Im B], [Im B, Re B]]} of the block {@code
     * B[o][(j₁, j₂, c)] = K̂[o][c](ω₁ + j₁M₁, ω₂ + j₂M₂)}.
     */
    private DenseMatrix embed(double[] sre, double[] sim, int w2, int m2, int coutG, int cinG) {
      int s1 = g.strideHeight();
      int s2 = g.strideWidth();
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
