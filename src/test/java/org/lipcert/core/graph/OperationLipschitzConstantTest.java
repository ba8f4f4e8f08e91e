package org.lipcert.core.graph;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * The Lipschitz constants of {@link Softmax}, LogSoftmax, {@link PRelu}, {@link MaxPool} and the
 * composition rules of {@link Sum} and {@link Concat}, each against an oracle independent of the
 * code under test: EJML's SVD of the materialised Jacobian ({@link JacobianOracle}, relative slack
 * {@code 10⁻¹³}), evaluated difference quotients, witnesses built from the definition, and exact
 * {@link BigDecimal} arithmetic. Tolerances are stated on each test; all draws are seeded.
 */
class OperationLipschitzConstantTest {

  private static final double U = 0x1p-53;

  private static double[] gaussian(Random random, int n, double scale) {
    return RandomNetworks.gaussian(random, n, scale);
  }

  private static double norm(double[] a) {
    double s = 0;
    for (double v : a) {
      s += v * v;
    }
    return Math.sqrt(s);
  }

  private static double quotient(Operation op, double[] x, double[] y) {
    double[] fx = op.evaluate(new double[][] {x});
    double[] fy = op.evaluate(new double[][] {y});
    double[] df = new double[fx.length];
    double[] dx = new double[x.length];
    for (int i = 0; i < fx.length; i++) {
      df[i] = fx[i] - fy[i];
    }
    for (int i = 0; i < x.length; i++) {
      dx[i] = x[i] - y[i];
    }
    return norm(df) / norm(dx);
  }

  /**
   * Oracle: {@code σ_max} of the Jacobian materialised from {@code jvp} on the unit vectors (EJML
   * SVD). At 600 random points per map — slices of length 2–16 along any axis of 1–3-d shapes,
   * Gaussian entries at scales 0.01 to 10⁴ — {@code ‖J‖ ≤ 1/2·(1 + 10⁻¹³)} for Softmax and {@code ≤
   * √n·(1 + 10⁻¹³)} for LogSoftmax; the constants themselves are 1/2 exactly and {@code √n} rounded
   * up ({@code c² ≥ n} in {@link BigDecimal}, {@code c ≤ √n(1 + 2u)}).
   */
  @Test
  void softmaxJacobianNormsStayBelowTheConstants() {
    Random random = new Random(3201);
    double[] scales = {0.01, 0.3, 1, 3, 10, 100, 1e4};
    for (boolean log : new boolean[] {false, true}) {
      double worst = 0;
      for (int k = 0; k < 600; k++) {
        int rank = random.nextInt(4) == 0 ? 2 + random.nextInt(2) : 1;
        int[] dims = new int[rank];
        for (int d = 0; d < rank; d++) {
          dims[d] = 1 + random.nextInt(rank == 1 ? 16 : 3);
        }
        int axis = random.nextInt(rank);
        dims[axis] = 2 + random.nextInt(15);
        Shape shape = Shape.of(dims);
        Softmax op = new Softmax(log ? "LogSoftmax" : "Softmax", log, shape, axis);
        int n = dims[axis];
        double constant = op.lipschitzConstant();
        if (log) {
          assertThat(new BigDecimal(constant).pow(2).compareTo(BigDecimal.valueOf(n)))
              .as("LogSoftmax constant² ≥ n = %d", n)
              .isGreaterThanOrEqualTo(0);
          assertThat(constant)
              .as("LogSoftmax constant ≤ √n(1 + 2u)")
              .isLessThanOrEqualTo(Math.sqrt(n) * (1 + 2 * U));
        } else {
          assertThat(constant).as("Softmax constant").isEqualTo(0.5);
        }
        double[] x = gaussian(random, shape.size(), scales[random.nextInt(scales.length)]);
        double sigma = JacobianOracle.sigmaMax(JacobianOracle.jacobian(op, new double[][] {x}, 0));
        assertThat(sigma)
            .as("‖J‖ ≤ constant(1 + 1e-13) for %s on %s axis %d", op.opType(), shape, axis)
            .isLessThanOrEqualTo(constant * (1 + JacobianOracle.SVD_SLACK));
        worst = Math.max(worst, sigma / constant);
      }
      System.out.printf(
          "%s: largest ‖J‖/constant over 600 random points = %.6f%n",
          log ? "LogSoftmax" : "Softmax", worst);
    }
  }

  /**
   * Tightness of 1/2. Oracle: EJML SVD of the Jacobian at points whose slice has two equal largest
   * entries {@code M} and all others at most {@code M − 40}, so {@code p ≈ (½, ½, 0, …)} up to
   * {@code n·e⁻⁴⁰}; then {@code ‖J‖ ≥ 0.4999} (it is {@code ½ − O(n e⁻⁴⁰)}).
   */
  @Test
  void softmaxConstantIsAttainedWithTwoEqualLargestEntries() {
    Random random = new Random(3202);
    for (int k = 0; k < 60; k++) {
      int n = 2 + random.nextInt(15);
      Softmax op = new Softmax("Softmax", false, Shape.of(n), 0);
      double m = 10 * random.nextGaussian();
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = m - 40 - 10 * random.nextDouble();
      }
      int a = random.nextInt(n);
      int b = (a + 1 + random.nextInt(n - 1)) % n;
      x[a] = m;
      x[b] = m;
      double sigma = JacobianOracle.sigmaMax(JacobianOracle.jacobian(op, new double[][] {x}, 0));
      assertThat(sigma).as("‖J‖ at two equal maxima, n = %d", n).isGreaterThanOrEqualTo(0.4999);
      assertThat(sigma).as("‖J‖ ≤ 1/2").isLessThanOrEqualTo(0.5 * (1 + JacobianOracle.SVD_SLACK));
      // the evaluated quotient along e_a − e_b approaches 1/2 from below
      double[] y = x.clone();
      y[a] += 1e-4;
      y[b] -= 1e-4;
      double q = quotient(op, x, y);
      assertThat(q).as("quotient along e_a − e_b, n = %d", n).isBetween(0.4998, 0.5);
    }
  }

  /**
   * Tightness of {@code √n}. Oracle: EJML SVD of the LogSoftmax Jacobian at a nearly one-hot point
   * (one entry 30 above the others, {@code p ≈ e_j} up to {@code n e⁻³⁰}): {@code ‖J‖ ≥ 0.99√n};
   * the limit is {@code ‖I − 𝟙e_jᵀ‖ = √n}.
   */
  @Test
  void logSoftmaxConstantIsNearlyAttainedAtANearlyOneHotPoint() {
    Random random = new Random(3203);
    for (int k = 0; k < 60; k++) {
      int n = 2 + random.nextInt(30);
      Softmax op = new Softmax("LogSoftmax", true, Shape.of(n), 0);
      double[] x = gaussian(random, n, 0.01);
      x[random.nextInt(n)] += 30;
      double sigma = JacobianOracle.sigmaMax(JacobianOracle.jacobian(op, new double[][] {x}, 0));
      assertThat(sigma)
          .as("‖J‖ ≥ 0.99√n near a vertex, n = %d", n)
          .isGreaterThanOrEqualTo(0.99 * Math.sqrt(n));
      assertThat(sigma)
          .as("‖J‖ ≤ √n")
          .isLessThanOrEqualTo(op.lipschitzConstant() * (1 + JacobianOracle.SVD_SLACK));
    }
  }

  /**
   * Oracle: evaluated difference quotients {@code ‖f(x) − f(y)‖/‖x − y‖}, for random pairs at
   * distances 10⁻³ to 30 (near pairs in the Jacobian's worst direction, far pairs independent), on
   * Softmax, LogSoftmax, PRelu and MaxPool: each is at most the constant times {@code 1 + 10⁻⁸}.
   * The slack covers the evaluation's rounding: outputs are within about {@code 10⁻¹³} of exact for
   * inputs up to 10, divided by {@code ‖x − y‖ ≥ 10⁻³}.
   */
  @Test
  void differenceQuotientsNeverExceedTheConstants() {
    Random random = new Random(3204);
    int pairs = 0;
    for (int k = 0; k < 400; k++) {
      Operation op;
      int n;
      switch (k % 4) {
        case 0, 1 -> {
          boolean log = k % 4 == 1;
          n = 2 + random.nextInt(12);
          op = new Softmax(log ? "LogSoftmax" : "Softmax", log, Shape.of(n), 0);
        }
        case 2 -> {
          n = 1 + random.nextInt(12);
          op = new PRelu("PRelu", gaussian(random, n, random.nextBoolean() ? 0.3 : 2));
        }
        default -> {
          PoolingGeometry g = null;
          MaxPool pool = null;
          while (pool == null) {
            g = OperationJacobianTest.randomPooling(random, 8);
            pool = g == null ? null : OperationJacobianTest.maxPoolOrNull(g);
          }
          op = pool;
          n = g.channels() * g.inputHeight() * g.inputWidth();
        }
      }
      double constant = op.lipschitzConstant();
      for (int rep = 0; rep < 6; rep++) {
        double scale = new double[] {0.1, 1, 10}[rep % 3];
        double[] x = gaussian(random, n, scale);
        double[] y;
        if (rep < 3) {
          // near pair along the locally most stretched direction (power iteration on JᵀJ)
          double[] v = gaussian(random, n, 1);
          for (int it = 0; it < 10; it++) {
            double[] jv = op.jvp(new double[][] {x}, new double[][] {v});
            double[] back = op.vjp(new double[][] {x}, jv)[0];
            double nb = norm(back);
            if (nb == 0) {
              break;
            }
            for (int i = 0; i < n; i++) {
              v[i] = back[i] / nb;
            }
          }
          double h = 1e-3 * Math.max(1, scale);
          y = x.clone();
          double nv = norm(v);
          for (int i = 0; i < n; i++) {
            y[i] += h * v[i] / nv;
          }
        } else {
          y = gaussian(random, n, scale);
        }
        if (norm(subtract(x, y)) < 1e-3) {
          continue;
        }
        double q = quotient(op, x, y);
        assertThat(q)
            .as("quotient ≤ constant(1 + 1e-8) for %s, n = %d", op.opType(), n)
            .isLessThanOrEqualTo(constant * (1 + 1e-8));
        pairs++;
      }
    }
    assertThat(pairs).as("pairs checked").isGreaterThan(2000);
  }

  private static double[] subtract(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  /**
   * PRelu. Oracle: {@code max(1, max_i|α_i|)} computed here (exact: comparisons and absolute
   * values); equality. Witness: two points negative in the coordinate of the largest {@code |α|}
   * (positive when all {@code |α| ≤ 1}) differ only there, with quotient {@code = constant} within
   * {@code 8u} relative (two rounded products, a subtraction, a square and a square root).
   */
  @Test
  void preluConstantIsTheLargestSlopeAndIsAttained() {
    Random random = new Random(3205);
    for (int k = 0; k < 200; k++) {
      int n = 1 + random.nextInt(20);
      double[] slopes = gaussian(random, n, new double[] {0.05, 0.5, 2, 100}[k % 4]);
      PRelu op = new PRelu("PRelu", slopes);
      double expected = 1;
      int argmax = -1;
      for (int i = 0; i < n; i++) {
        if (Math.abs(slopes[i]) > expected) {
          expected = Math.abs(slopes[i]);
          argmax = i;
        }
      }
      assertThat(op.lipschitzConstant()).as("max(1, max|α|) for %d slopes", n).isEqualTo(expected);
      double[] x = gaussian(random, n, 1);
      double[] y = x.clone();
      int i = argmax < 0 ? random.nextInt(n) : argmax;
      x[i] = argmax < 0 ? 1.5 : -1.5;
      y[i] = argmax < 0 ? 0.5 : -0.5;
      assertThat(quotient(op, x, y))
          .as("quotient on the steepest piece")
          .isCloseTo(expected, org.assertj.core.api.Assertions.within(8 * U * expected));
    }
  }

  /**
   * Returns {@code m = max_r |{windows ∋ r}|} of a MaxPool counted from the definition: the windows
   * are the output positions of {@link OperationJacobianTest#torchOutputSize}, their taps {@code
   * i·s + a·d − p} inside the input; per axis, then multiplied (windows are products of intervals).
   */
  static long bruteForceWindowsPerInput(PoolingGeometry g) {
    return bruteForceAxis(
            g.inputHeight(),
            g.kernelHeight(),
            g.strideHeight(),
            g.dilationHeight(),
            g.padTop(),
            g.padBottom(),
            g.ceilMode())
        * bruteForceAxis(
            g.inputWidth(),
            g.kernelWidth(),
            g.strideWidth(),
            g.dilationWidth(),
            g.padLeft(),
            g.padRight(),
            g.ceilMode());
  }

  private static long bruteForceAxis(int n, int k, int s, int d, int pb, int pe, boolean ceil) {
    int out = OperationJacobianTest.torchOutputSize(n, k, s, d, pb, pe, ceil);
    int[] count = new int[n];
    for (int i = 0; i < out; i++) {
      for (int a = 0; a < k; a++) {
        int r = i * s + a * d - pb;
        if (r >= 0 && r < n) {
          count[r]++;
        }
      }
    }
    int max = 0;
    for (int c : count) {
      max = Math.max(max, c);
    }
    return max;
  }

  private static int[] argmaxAxis(int n, int k, int s, int d, int pb, int pe, boolean ceil) {
    int out = OperationJacobianTest.torchOutputSize(n, k, s, d, pb, pe, ceil);
    int[] count = new int[n];
    for (int i = 0; i < out; i++) {
      for (int a = 0; a < k; a++) {
        int r = i * s + a * d - pb;
        if (r >= 0 && r < n) {
          count[r]++;
        }
      }
    }
    int best = 0;
    for (int r = 1; r < n; r++) {
      if (count[r] > count[best]) {
        best = r;
      }
    }
    return new int[] {best, count[best]};
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }

  /**
   * MaxPool. Oracles: {@code m} counted from the definition ({@link #bruteForceWindowsPerInput});
   * the witness of the Javadoc — the input {@code r} in the most windows set to 1, every other
   * input in {@code [−2, −1]}, so {@code x_r} is the strict maximum of each of its {@code m}
   * windows, then moved by {@code h = 2⁻¹⁰} — whose quotient is {@code √m} within {@code 10⁻¹²};
   * and DESIGN §1's bound {@code m ≤ Π⌈k·gcd(s, d)/s⌉}. The constant is {@code √m} rounded up:
   * {@code c² ≥ m} exactly and {@code c ≤ √m(1 + 2u)}. On 400 random geometries (padding, dilation
   * 1–3, stride 1–3, both ceil modes).
   */
  @Test
  void maxPoolConstantIsExactAndAttainedByTheWitness() {
    Random random = new Random(3206);
    int checked = 0;
    int designEqualities = 0;
    while (checked < 400) {
      PoolingGeometry g = OperationJacobianTest.randomPooling(random, 10);
      MaxPool pool = g == null ? null : OperationJacobianTest.maxPoolOrNull(g);
      if (pool == null) {
        continue;
      }
      checked++;
      long m = bruteForceWindowsPerInput(g);
      assertThat(pool.windowsPerInput()).as("m for %s", g).isEqualTo(m);
      double c = pool.lipschitzConstant();
      assertThat(new BigDecimal(c).pow(2).compareTo(BigDecimal.valueOf(m)))
          .as("c² ≥ m for %s", g)
          .isGreaterThanOrEqualTo(0);
      assertThat(c).as("c ≤ √m(1 + 2u)").isLessThanOrEqualTo(Math.sqrt(m) * (1 + 2 * U));
      assertThat(pool.lipschitzLowerBound()).as("lower ≤ √m").isLessThanOrEqualTo(Math.sqrt(m));
      long design =
          (long)
                  Math.ceil(
                      (double) g.kernelHeight()
                          * gcd(g.strideHeight(), g.dilationHeight())
                          / g.strideHeight())
              * (long)
                  Math.ceil(
                      (double) g.kernelWidth()
                          * gcd(g.strideWidth(), g.dilationWidth())
                          / g.strideWidth());
      assertThat(m).as("m ≤ Π⌈k·gcd(s, d)/s⌉ for %s", g).isLessThanOrEqualTo(design);
      if (m == design) {
        designEqualities++;
      }

      int[] rowBest =
          argmaxAxis(
              g.inputHeight(),
              g.kernelHeight(),
              g.strideHeight(),
              g.dilationHeight(),
              g.padTop(),
              g.padBottom(),
              g.ceilMode());
      int[] colBest =
          argmaxAxis(
              g.inputWidth(),
              g.kernelWidth(),
              g.strideWidth(),
              g.dilationWidth(),
              g.padLeft(),
              g.padRight(),
              g.ceilMode());
      int n = g.channels() * g.inputHeight() * g.inputWidth();
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = -1 - random.nextDouble();
      }
      int channel = random.nextInt(g.channels());
      int r = (channel * g.inputHeight() + rowBest[0]) * g.inputWidth() + colBest[0];
      x[r] = 1;
      double[] y = x.clone();
      y[r] += 0x1p-10;
      double q = quotient(pool, y, x);
      assertThat(q)
          .as("witness quotient = √m for %s", g)
          .isCloseTo(Math.sqrt(m), org.assertj.core.api.Assertions.within(1e-12));
    }
    System.out.printf(
        "MaxPool: m = Π⌈k·gcd(s, d)/s⌉ on %d of 400 random geometries%n", designEqualities);
  }

  /**
   * Oracle: {@code Σ_k |c_k| L_k} and {@code Σ_k L_k²} in exact {@link BigDecimal} arithmetic.
   * {@link Sum#composeLipschitz} must be {@code ≥} the exact sum and {@code ≤} it times {@code 1 +
   * 6ku}, plus {@code 4k} subnormal units (two upward operations per term, each at most {@code 3u}
   * above, or one subnormal step above 0); {@link Concat#composeLipschitz} must satisfy {@code
   * result² ≥ Σ L_k²} exactly and {@code result ≤ √(ΣL_k²)·(1 + (3k + 3)u) + 10⁻¹⁶⁰} (the square
   * root of the subnormal steps), the square root taken with 40 digits. Bounds {@code L_k} range
   * from 0 to 10⁶ (log-uniform), coefficients from Gaussian to exact integers and 0.
   */
  @Test
  void sumAndConcatComposeTheirInputBoundsAsStated() {
    Random random = new Random(3207);
    MathContext mc = new MathContext(40);
    for (int t = 0; t < 2000; t++) {
      int k = 2 + random.nextInt(5);
      double[] bounds = new double[k];
      double[] coefficients = new double[k];
      for (int i = 0; i < k; i++) {
        bounds[i] = random.nextInt(8) == 0 ? 0 : Math.pow(10, 9 * random.nextDouble() - 3);
        coefficients[i] =
            switch (random.nextInt(4)) {
              case 0 -> random.nextGaussian();
              case 1 -> random.nextInt(7) - 3;
              case 2 -> -Math.exp(random.nextGaussian());
              default -> 0.1 * (random.nextInt(21) - 10);
            };
      }
      BigDecimal exactSum = BigDecimal.ZERO;
      BigDecimal exactSquares = BigDecimal.ZERO;
      for (int i = 0; i < k; i++) {
        BigDecimal l = new BigDecimal(bounds[i]);
        exactSum = exactSum.add(new BigDecimal(coefficients[i]).abs().multiply(l));
        exactSquares = exactSquares.add(l.multiply(l));
      }
      double sum = new Sum("Add", coefficients).composeLipschitz(bounds, Double.NaN);
      assertThat(new BigDecimal(sum).compareTo(exactSum))
          .as("Σ|c|L rounded up: %s ≥ %s", sum, exactSum)
          .isGreaterThanOrEqualTo(0);
      assertThat(
              new BigDecimal(sum)
                  .compareTo(
                      exactSum
                          .multiply(BigDecimal.ONE.add(new BigDecimal(6 * k * U)))
                          .add(new BigDecimal(4 * k * Double.MIN_VALUE))))
          .as("Σ|c|L within 6ku: %s vs %s", sum, exactSum)
          .isLessThanOrEqualTo(0);
      Shape[] shapes = new Shape[k];
      java.util.Arrays.fill(shapes, Shape.of(2));
      double concat = new Concat("Concat", 0, shapes).composeLipschitz(bounds, Double.NaN);
      assertThat(new BigDecimal(concat).pow(2).compareTo(exactSquares))
          .as("√ΣL² rounded up: %s² ≥ %s", concat, exactSquares)
          .isGreaterThanOrEqualTo(0);
      BigDecimal root = exactSquares.sqrt(mc);
      assertThat(
              new BigDecimal(concat)
                  .compareTo(
                      root.multiply(BigDecimal.ONE.add(new BigDecimal((3 * k + 3) * U)))
                          .add(new BigDecimal("1e-160"))))
          .as("√ΣL² within (3k + 3)u: %s vs %s", concat, root)
          .isLessThanOrEqualTo(0);
    }
  }
}
