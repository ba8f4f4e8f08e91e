package org.lipcert.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.HighPrecision;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * {@link Operation#roundingError} of {@link Sum}, {@link Concat}, {@link PRelu}, {@link MaxPool},
 * {@link Softmax} and LogSoftmax against exact evaluations.
 *
 * <p><b>Set-up.</b> Each case draws computed inputs {@code x̂} and perturbations {@code δ} (zero,
 * or about {@code 10⁻⁹} relative), takes the exact inputs {@code x = x̂ + δ} (exact in {@link
 * BigDecimal}) and the input error bounds {@code e_k = ‖δ_k‖} rounded up, and checks {@code
 * roundingError(x̂, e, fl(f(x̂)))² ≥ ‖fl(f(x̂)) − f(x)‖²}, compared in {@code BigDecimal}.
 *
 * <p><b>Oracles.</b> Sum, Concat, PRelu and MaxPool need only products, sums and comparisons of
 * doubles: {@code f(x)} is exact. Softmax and LogSoftmax use {@link HighPrecision#exp} and {@link
 * HighPrecision#log1p} (80 significant digits) on {@code x_i − max x}: the oracle's own error is
 * below {@code 10⁻⁷⁰} relative, which the comparison grants as an absolute slack of {@code 10⁻⁶⁰}
 * on the squared error; no double rounding enters it.
 */
class OperationRoundingErrorTest {

  private static final MathContext MC = HighPrecision.MC;
  private static final BigDecimal ORACLE_SLACK = new BigDecimal("1e-60");

  private static BigDecimal exact(double v) {
    return new BigDecimal(v);
  }

  /** Returns a double {@code ≥ ‖δ‖₂}: the exact sum of squares, its root rounded up. */
  private static double normUpper(double[] delta) {
    BigDecimal squares = BigDecimal.ZERO;
    for (double d : delta) {
      squares = squares.add(exact(d).multiply(exact(d)));
    }
    BigDecimal root = squares.sqrt(new MathContext(30, RoundingMode.CEILING));
    double value = root.doubleValue();
    return new BigDecimal(value).compareTo(root) >= 0 ? value : Math.nextUp(value);
  }

  private static BigDecimal squaredError(double[] computed, BigDecimal[] exact) {
    BigDecimal sum = BigDecimal.ZERO;
    for (int i = 0; i < computed.length; i++) {
      BigDecimal d = exact(computed[i]).subtract(exact[i]);
      sum = sum.add(d.multiply(d));
    }
    return sum;
  }

  /** A case: computed inputs, perturbations, and the exact-output function of the exact inputs. */
  private interface ExactFunction {
    BigDecimal[] apply(BigDecimal[][] x);
  }

  /** Returns the worst ratio error/bound; fails if the bound does not cover the error. */
  private static double check(
      Operation op, double[][] computed, double[][] delta, ExactFunction exactF, String what) {
    BigDecimal[][] x = new BigDecimal[computed.length][];
    double[] errors = new double[computed.length];
    for (int k = 0; k < computed.length; k++) {
      x[k] = new BigDecimal[computed[k].length];
      for (int i = 0; i < computed[k].length; i++) {
        x[k][i] = exact(computed[k][i]).add(exact(delta[k][i]));
      }
      errors[k] = normUpper(delta[k]);
    }
    double[] output = op.evaluate(computed);
    double bound = op.roundingError(computed, errors, output);
    BigDecimal actual = squaredError(output, exactF.apply(x));
    assertThat(exact(bound).pow(2).add(ORACLE_SLACK).compareTo(actual))
        .as(
            "%s: bound %s ≥ actual error %s",
            what, bound, actual.sqrt(MathContext.DECIMAL64).doubleValue())
        .isGreaterThanOrEqualTo(0);
    return bound == 0 ? 0 : actual.sqrt(MathContext.DECIMAL64).doubleValue() / bound;
  }

  private static double[] perturbation(Random random, double[] x, boolean perturbed) {
    double[] d = new double[x.length];
    if (perturbed) {
      for (int i = 0; i < x.length; i++) {
        d[i] = random.nextGaussian() * 1e-9 * (Math.abs(x[i]) + 1e-3);
      }
    }
    return d;
  }

  private static double[] gaussian(Random random, int n, double scale) {
    return RandomNetworks.gaussian(random, n, scale);
  }

  private static final double[] SCALES = {1e-3, 1, 1e3, 1e8};

  /**
   * Sum with coefficients {@code 0.1, −0.7, 1/3}, Gaussian, integers and 0, 2–4 summands of up to
   * 20 elements, Gaussian inputs at scales {@code 10⁻³…10⁸}; half the cases nearly cancel ({@code
   * x̂₁ ≈ −(c₀/c₁)x̂₀}). Exact oracle {@code Σ c_k (x̂_k + δ_k)}.
   */
  @Test
  void sumErrorBoundCoversTheExactError() {
    Random random = new Random(3301);
    double[] palette = {0.1, -0.7, 1.0 / 3, 1, -1, 2, 0};
    double worst = 0;
    for (int t = 0; t < 600; t++) {
      int arity = 2 + random.nextInt(3);
      int n = 1 + random.nextInt(20);
      double[] c = new double[arity];
      for (int k = 0; k < arity; k++) {
        c[k] =
            random.nextBoolean() ? palette[random.nextInt(palette.length)] : random.nextGaussian();
      }
      double scale = SCALES[random.nextInt(SCALES.length)];
      double[][] x = new double[arity][];
      double[][] d = new double[arity][];
      for (int k = 0; k < arity; k++) {
        x[k] = gaussian(random, n, scale);
      }
      if (t % 2 == 0 && c[1] != 0) {
        for (int i = 0; i < n; i++) {
          x[1][i] = -c[0] * x[0][i] / c[1];
        }
      }
      boolean perturbed = t % 3 == 0;
      for (int k = 0; k < arity; k++) {
        d[k] = perturbation(random, x[k], perturbed);
      }
      Sum op = new Sum("Add", c);
      double ratio =
          check(
              op,
              x,
              d,
              in -> {
                BigDecimal[] y = new BigDecimal[n];
                for (int i = 0; i < n; i++) {
                  BigDecimal s = BigDecimal.ZERO;
                  for (int k = 0; k < arity; k++) {
                    s = s.add(exact(c[k]).multiply(in[k][i]));
                  }
                  y[i] = s;
                }
                return y;
              },
              "Sum " + java.util.Arrays.toString(c) + " scale " + scale);
      worst = perturbed ? worst : Math.max(worst, ratio);
    }
    System.out.printf(
        "Sum.roundingError, unperturbed inputs: largest actual/bound = %.3g%n", worst);
  }

  /** Concat is exact: the output equals the inputs and the bound is at least {@code √Σe_k²}. */
  @Test
  void concatErrorBoundCoversThePropagatedError() {
    Random random = new Random(3302);
    for (int t = 0; t < 200; t++) {
      int arity = 2 + random.nextInt(3);
      Shape[] shapes = new Shape[arity];
      double[][] x = new double[arity][];
      double[][] d = new double[arity][];
      int rows = 1 + random.nextInt(3);
      for (int k = 0; k < arity; k++) {
        shapes[k] = Shape.of(rows, 1 + random.nextInt(4));
        x[k] = gaussian(random, shapes[k].size(), SCALES[random.nextInt(SCALES.length)]);
        d[k] = perturbation(random, x[k], t % 2 == 0);
      }
      Concat op = new Concat("Concat", 1, shapes);
      check(
          op,
          x,
          d,
          in -> {
            double[][] codes = new double[arity][];
            for (int k = 0; k < arity; k++) {
              codes[k] = new double[in[k].length];
              for (int i = 0; i < codes[k].length; i++) {
                codes[k][i] = k * 1000 + i; // the op's own permutation, read off exact codes
              }
            }
            double[] where = op.evaluate(codes);
            BigDecimal[] y = new BigDecimal[where.length];
            for (int o = 0; o < where.length; o++) {
              y[o] = in[(int) where[o] / 1000][(int) where[o] % 1000];
            }
            return y;
          },
          "Concat");
    }
  }

  /**
   * PRelu with slopes {@code 0.01, −0.3, 1/3}, Gaussian and large ({@code |α| ≤ 100}); inputs near
   * the kink too, where the perturbation can change the piece. Exact oracle {@code x ≥ 0 ? x : α_i
   * x}.
   */
  @Test
  void preluErrorBoundCoversTheExactError() {
    Random random = new Random(3303);
    double worst = 0;
    for (int t = 0; t < 600; t++) {
      int n = 1 + random.nextInt(30);
      double[] slopes = new double[n];
      for (int i = 0; i < n; i++) {
        slopes[i] =
            switch (random.nextInt(4)) {
              case 0 -> 0.01;
              case 1 -> -0.3;
              case 2 -> 1.0 / 3;
              default -> random.nextGaussian() * (random.nextBoolean() ? 1 : 100);
            };
      }
      double scale = SCALES[random.nextInt(SCALES.length)];
      double[] x = gaussian(random, n, t % 5 == 0 ? 1e-12 * scale : scale);
      boolean perturbed = t % 2 == 0;
      double[] d = perturbation(random, x, perturbed);
      PRelu op = new PRelu("PRelu", slopes);
      double ratio =
          check(
              op,
              new double[][] {x},
              new double[][] {d},
              in -> {
                BigDecimal[] y = new BigDecimal[n];
                for (int i = 0; i < n; i++) {
                  y[i] = in[0][i].signum() >= 0 ? in[0][i] : exact(slopes[i]).multiply(in[0][i]);
                }
                return y;
              },
              "PRelu scale " + scale);
      worst = perturbed ? worst : Math.max(worst, ratio);
    }
    System.out.printf(
        "PRelu.roundingError, unperturbed inputs: largest actual/bound = %.3g%n", worst);
  }

  /**
   * MaxPool on random geometries; inputs on a coarse grid plus the perturbation, so that the
   * perturbation often changes a window's maximum. Exact oracle: the maximum over each window's
   * taps inside the input, taken in {@code BigDecimal}.
   */
  @Test
  void maxPoolErrorBoundCoversThePropagatedError() {
    Random random = new Random(3304);
    int checked = 0;
    while (checked < 300) {
      PoolingGeometry g = OperationJacobianTest.randomPooling(random, 8);
      MaxPool op = g == null ? null : OperationJacobianTest.maxPoolOrNull(g);
      if (op == null) {
        continue;
      }
      checked++;
      int n = g.channels() * g.inputHeight() * g.inputWidth();
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.rint(3 * random.nextGaussian()) * (checked % 2 == 0 ? 1 : 1e-7);
      }
      double[] d = new double[n];
      if (checked % 3 != 0) {
        for (int i = 0; i < n; i++) {
          d[i] = 1e-9 * random.nextGaussian();
        }
      }
      check(
          op, new double[][] {x}, new double[][] {d}, in -> exactMaxPool(g, in[0]), "MaxPool " + g);
    }
  }

  static BigDecimal[] exactMaxPool(PoolingGeometry g, BigDecimal[] x) {
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho =
        OperationJacobianTest.torchOutputSize(
            h,
            g.kernelHeight(),
            g.strideHeight(),
            g.dilationHeight(),
            g.padTop(),
            g.padBottom(),
            g.ceilMode());
    int wo =
        OperationJacobianTest.torchOutputSize(
            w,
            g.kernelWidth(),
            g.strideWidth(),
            g.dilationWidth(),
            g.padLeft(),
            g.padRight(),
            g.ceilMode());
    BigDecimal[] y = new BigDecimal[g.channels() * ho * wo];
    for (int c = 0; c < g.channels(); c++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          BigDecimal best = null;
          for (int a = 0; a < g.kernelHeight(); a++) {
            int r = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
            for (int b = 0; b < g.kernelWidth(); b++) {
              int q = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
              if (r >= 0 && r < h && q >= 0 && q < w) {
                BigDecimal v = x[(c * h + r) * w + q];
                best = best == null ? v : best.max(v);
              }
            }
          }
          y[(c * ho + i) * wo + j] = best;
        }
      }
    }
    return y;
  }

  /** Returns the exact Softmax or LogSoftmax of each slice of {@code x} along the axis. */
  static BigDecimal[] exactSoftmax(BigDecimal[] x, int outer, int length, int inner, boolean log) {
    BigDecimal[] y = new BigDecimal[x.length];
    for (int a = 0; a < outer; a++) {
      for (int b = 0; b < inner; b++) {
        int start = a * length * inner + b;
        BigDecimal max = x[start];
        for (int i = 1; i < length; i++) {
          max = max.max(x[start + i * inner]);
        }
        BigDecimal[] e = new BigDecimal[length];
        BigDecimal sum = BigDecimal.ZERO;
        for (int i = 0; i < length; i++) {
          e[i] = HighPrecision.exp(x[start + i * inner].subtract(max));
          sum = sum.add(e[i], MC);
        }
        BigDecimal logSum = HighPrecision.log1p(sum.subtract(BigDecimal.ONE, MC));
        for (int i = 0; i < length; i++) {
          y[start + i * inner] =
              log ? x[start + i * inner].subtract(max).subtract(logSum, MC) : e[i].divide(sum, MC);
        }
      }
    }
    return y;
  }

  /**
   * Softmax and LogSoftmax along a random axis of 1–3-d shapes (slices of length 1–12), inputs
   * Gaussian at scales 0.1 to 10⁴, plus special slices: all entries equal, one entry 800 above the
   * rest (the others' {@code exp} underflows to 0), two equal maxima. Oracle: {@link #exactSoftmax}
   * with 80-digit {@code exp} and {@code log}.
   */
  @Test
  void softmaxErrorBoundCoversTheHighPrecisionError() {
    Random random = new Random(3305);
    double[] scales = {0.1, 1, 10, 100, 1e4};
    double[] worst = new double[2];
    for (int t = 0; t < 500; t++) {
      boolean log = t % 2 == 1;
      int rank = 1 + random.nextInt(3);
      int[] dims = new int[rank];
      for (int k = 0; k < rank; k++) {
        dims[k] = 1 + random.nextInt(rank == 1 ? 12 : 4);
      }
      int axis = random.nextInt(rank);
      Shape shape = Shape.of(dims);
      Softmax op = new Softmax(log ? "LogSoftmax" : "Softmax", log, shape, axis);
      double scale = scales[random.nextInt(scales.length)];
      double[] x = gaussian(random, shape.size(), scale);
      switch (t % 10) {
        case 0 -> java.util.Arrays.fill(x, scale * random.nextGaussian());
        case 1 -> x[random.nextInt(x.length)] += 800;
        case 2 -> {
          double m = 0;
          for (double v : x) {
            m = Math.max(m, v);
          }
          x[random.nextInt(x.length)] = m;
        }
        default -> {}
      }
      double[] d = perturbation(random, x, t % 3 == 0);
      int outer = 1;
      int inner = 1;
      for (int k = 0; k < axis; k++) {
        outer *= dims[k];
      }
      for (int k = axis + 1; k < rank; k++) {
        inner *= dims[k];
      }
      int o = outer;
      int in = inner;
      double ratio =
          check(
              op,
              new double[][] {x},
              new double[][] {d},
              v -> exactSoftmax(v[0], o, dims[axis], in, log),
              op.opType() + " " + shape + " axis " + axis + " scale " + scale);
      if (t % 3 != 0) {
        worst[log ? 1 : 0] = Math.max(worst[log ? 1 : 0], ratio);
      }
    }
    System.out.printf(
        "Softmax.roundingError, unperturbed inputs: largest actual/bound = %.3g; LogSoftmax: %.3g%n",
        worst[0], worst[1]);
  }
}
