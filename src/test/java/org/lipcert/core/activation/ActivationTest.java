package org.lipcert.core.activation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.InvalidModelException;

/**
 * Tests of {@link Activation}: certified slope bounds, derivatives, known values, evaluation-error
 * bounds and parameter validation, for every {@link ActivationKind} with its default parameters and
 * unusual ones (LeakyReLU α = 0.2, −0.5, 3; ELU α = 0.5, 2, −1; HardSigmoid (0.2, 0.5), (−1, 0),
 * (0, 0.3); Clip (0, 6), (−1, 1), (2, 2)).
 *
 * <p>Oracles and tolerances are stated on each test. The finite-difference oracles use the dyadic
 * grid {@code x = i·2⁻¹³} on {@code [−20, 20]} and the dyadic step {@code h = 2⁻²⁰ ≈ 0.95·10⁻⁶}, so
 * that {@code x ± h} and {@code 2h} are exact and the only error of a difference quotient is that
 * of the two evaluated values.
 */
class ActivationTest {

  private static final double H = 0x1p-20;
  private static final double GRID_STEP = 0x1p-13;
  private static final double RANGE = 20;

  /**
   * Slack for the finite-difference maximum: two values of magnitude ≤ 32, each within 8 ulps
   * ({@code 8·2⁻⁴⁸}), divided by {@code 2h}: {@code 2·8·2⁻⁴⁸/2⁻¹⁹ < 10⁻⁷}. Every certified constant
   * is rounded up from its supremum by at least 6·10⁻⁷, so the check still discriminates.
   */
  private static final double FD_SLACK = 1e-7;

  private static List<Activation> configurations() {
    List<Activation> list = new ArrayList<>();
    for (ActivationKind kind : ActivationKind.values()) {
      list.add(Activation.of(kind));
    }
    list.add(Activation.leakyRelu(0.2));
    list.add(Activation.leakyRelu(-0.5));
    list.add(Activation.leakyRelu(3));
    list.add(Activation.elu(0.5));
    list.add(Activation.elu(2));
    list.add(Activation.elu(-1));
    list.add(Activation.hardSigmoid(-1, 0));
    list.add(Activation.hardSigmoid(0, 0.3));
    list.add(Activation.clip(-1, 1));
    list.add(Activation.clip(2, 2));
    return list;
  }

  private static String label(Activation a) {
    return a.kind().id() + "(" + a.alpha() + ", " + a.beta() + ")";
  }

  /** The exact supremum of |σ'| for the piecewise-linear activations, NaN for the smooth ones. */
  private static double exactPiecewiseLinearConstant(Activation a) {
    return switch (a.kind()) {
      case RELU -> 1;
      case LEAKY_RELU -> Math.max(1, Math.abs(a.alpha()));
      case HARD_SIGMOID -> Math.abs(a.alpha());
      case CLIP -> a.alpha() < a.beta() ? 1 : 0;
      case HARD_SWISH -> 1.5;
      default -> Double.NaN;
    };
  }

  /** The points where σ is not differentiable. */
  private static double[] kinks(Activation a) {
    return switch (a.kind()) {
      case RELU, LEAKY_RELU, ELU, SELU -> new double[] {0};
      case HARD_SIGMOID ->
          a.alpha() == 0
              ? new double[0]
              : new double[] {-a.beta() / a.alpha(), (1 - a.beta()) / a.alpha()};
      case HARD_SWISH -> new double[] {-3, 3};
      case CLIP -> new double[] {a.alpha(), a.beta()};
      default -> new double[0];
    };
  }

  private static boolean nearKink(Activation a, double x, double distance) {
    for (double k : kinks(a)) {
      if (Math.abs(x - k) < distance) {
        return true;
      }
    }
    return false;
  }

  /**
   * (a) Oracle: the largest central difference quotient {@code |σ(x+h) − σ(x−h)|/(2h)} of {@link
   * Activation#value} over the dyadic grid on [−20, 20] (327 681 points) and at {@code k ± 2h} for
   * each kink {@code k} (where ELU and SELU attain their supremum, one-sidedly). By the mean value
   * theorem every quotient is ≤ {@code sup|σ'|}, so the certified constant must be ≥ the maximum up
   * to the quotients' rounding, {@link #FD_SLACK}; and tight: ≤ the maximum + 10⁻⁴. For the
   * piecewise-linear activations the constant must equal the exact supremum.
   */
  @Test
  void lipschitzConstantIsAtLeastEveryDifferenceQuotientAndTight() {
    int steps = (int) Math.round(RANGE / GRID_STEP);
    for (Activation a : configurations()) {
      double max = 0;
      double argMax = 0;
      List<Double> grid = new ArrayList<>();
      for (int i = -steps; i <= steps; i++) {
        grid.add(i * GRID_STEP);
      }
      for (double k : kinks(a)) {
        grid.add(k - 2 * H);
        grid.add(k + 2 * H);
      }
      for (double x : grid) {
        double q = Math.abs((a.value(x + H) - a.value(x - H)) / (2 * H));
        if (q > max) {
          max = q;
          argMax = x;
        }
      }
      double constant = a.lipschitzConstant();
      String where =
          label(a) + ": constant " + constant + ", max quotient " + max + " at " + argMax;
      assertThat(constant)
          .as("sound: constant ≥ max quotient − 1e-7 for %s", where)
          .isGreaterThanOrEqualTo(max - FD_SLACK);
      assertThat(constant)
          .as("tight: constant ≤ max quotient + 1e-4 for %s", where)
          .isLessThanOrEqualTo(max + 1e-4);
      double exact = exactPiecewiseLinearConstant(a);
      if (!Double.isNaN(exact)) {
        assertThat(constant).as("piecewise linear: exact supremum for %s", where).isEqualTo(exact);
      }
    }
  }

  /**
   * (b) Oracle: central differences of {@link Activation#value} with {@code h = 2⁻²⁰} at 2 561 grid
   * points and 500 random points in [−20, 20], skipping points within {@code 8h} of a kink.
   * Tolerance: {@code |σ'(x) − quotient| ≤ 10⁻⁶·max(1, |σ'(x)|)} (truncation {@code h²|σ'''|/6 <
   * 10⁻¹²}, rounding {@code < 10⁻⁷}).
   */
  @Test
  void derivativeAgreesWithCentralDifferencesAwayFromKinks() {
    Random random = new Random(81);
    int checked = 0;
    for (Activation a : configurations()) {
      List<Double> points = new ArrayList<>();
      for (int i = -1280; i <= 1280; i++) {
        points.add(i * 0x1p-6);
      }
      for (int k = 0; k < 500; k++) {
        points.add((2 * random.nextDouble() - 1) * RANGE);
      }
      for (double x : points) {
        if (nearKink(a, x, 8 * H)) {
          continue;
        }
        double quotient = (a.value(x + H) - a.value(x - H)) / (2 * H);
        double derivative = a.derivative(x);
        assertThat(derivative)
            .as("σ'(%s) for %s vs central difference %s", x, label(a), quotient)
            .isCloseTo(quotient, within(1e-6 * Math.max(1, Math.abs(derivative))));
        checked++;
      }
    }
    assertThat(checked).as("points checked").isGreaterThan(60_000);
  }

  /**
   * At a kink the derivative is used only to steer a search, so either one-sided slope is
   * acceptable. Oracle: one-sided differences {@code (σ(k) − σ(k − h))/h} and {@code (σ(k + h) −
   * σ(k))/h}; tolerance 10⁻⁶ (truncation {@code h|σ''|/2 ≤ 10⁻⁶} for ELU/SELU).
   */
  @Test
  void derivativeAtAKinkIsOneOfTheOneSidedSlopes() {
    for (Activation a : configurations()) {
      for (double k : kinks(a)) {
        double left = (a.value(k) - a.value(k - H)) / H;
        double right = (a.value(k + H) - a.value(k)) / H;
        double d = a.derivative(k);
        assertThat(Math.min(Math.abs(d - left), Math.abs(d - right)))
            .as(
                "σ'(%s) = %s for %s is the left (%s) or right (%s) slope",
                k, d, label(a), left, right)
            .isLessThanOrEqualTo(2e-6 * Math.max(1, Math.abs(d)));
      }
    }
  }

  /** (c) Known values; the reference and tolerance are in each assertion. */
  @Test
  void knownValues() {
    assertThat(Activation.of(ActivationKind.SIGMOID).value(0))
        .as("sigmoid(0) = 1/2")
        .isEqualTo(0.5);
    assertThat(Activation.of(ActivationKind.TANH).value(1))
        .as("tanh(1) = Math.tanh(1)")
        .isEqualTo(Math.tanh(1));
    assertThat(Activation.of(ActivationKind.GELU).value(1))
        .as("gelu(1) = Φ(1) = 0.8413447460685429 (±1e-15)")
        .isCloseTo(0.8413447460685429, within(1e-15));
    assertThat(Activation.of(ActivationKind.GELU_TANH).value(1))
        .as("gelu_tanh(1) = 0.8411919906082768 (±1e-12)")
        .isCloseTo(0.8411919906082768, within(1e-12));
    assertThat(Activation.of(ActivationKind.SILU).value(1))
        .as("silu(1) = 1/(1 + e⁻¹) (±2 ulps)")
        .isCloseTo(1 / (1 + Math.exp(-1)), within(2 * Math.ulp(0.73)));
    assertThat(Activation.of(ActivationKind.SELU).value(-1))
        .as("selu(−1) = λα(e⁻¹ − 1) (±1e-15)")
        .isCloseTo(
            Activation.SELU_LAMBDA * Activation.SELU_ALPHA * (Math.exp(-1) - 1), within(1e-15));
    assertThat(Activation.of(ActivationKind.SELU).value(2))
        .as("selu(2) = 2λ")
        .isEqualTo(2 * Activation.SELU_LAMBDA);
    Activation softplus = Activation.of(ActivationKind.SOFTPLUS);
    assertThat(softplus.value(800)).as("softplus(800) = 800").isEqualTo(800.0);
    assertThat(softplus.value(40)).as("softplus(40) = 40 + 4e-18 ≈ 40").isEqualTo(40.0);
    assertThat(softplus.value(-800)).as("softplus(−800) = 0, not NaN").isZero();
    assertThat(softplus.value(0)).as("softplus(0) = log 2").isCloseTo(Math.log(2), within(1e-16));
    assertThat(Activation.of(ActivationKind.MISH).value(0)).as("mish(0) = 0").isZero();
    assertThat(Activation.of(ActivationKind.MISH).value(-800))
        .as("mish(−800) is 0, not NaN")
        .isZero();
    assertThat(Activation.of(ActivationKind.SIGMOID).value(-800)).as("sigmoid(−800) = 0").isZero();
    assertThat(Activation.of(ActivationKind.SIGMOID).value(800))
        .as("sigmoid(800) = 1")
        .isEqualTo(1.0);
    assertThat(Activation.of(ActivationKind.RELU).value(-2)).as("relu(−2)").isZero();
    assertThat(Activation.leakyRelu(0.2).value(-2)).as("leaky_relu_0.2(−2)").isEqualTo(-0.4);
    assertThat(Activation.elu(0.5).value(-1))
        .as("elu_0.5(−1) = 0.5(e⁻¹ − 1)")
        .isCloseTo(0.5 * Math.expm1(-1), within(1e-16));
    assertThat(Activation.hardSigmoid(0.2, 0.5).value(1))
        .as("hard_sigmoid(1)")
        .isCloseTo(0.7, within(1e-16));
    assertThat(Activation.hardSigmoid(0.2, 0.5).value(10))
        .as("hard_sigmoid(10) = 1")
        .isEqualTo(1.0);
    assertThat(Activation.of(ActivationKind.HARD_SWISH).value(1))
        .as("hard_swish(1) = 2/3")
        .isCloseTo(2.0 / 3, within(1e-16));
    assertThat(Activation.of(ActivationKind.HARD_SWISH).value(-4))
        .as("hard_swish(−4) = 0")
        .isZero();
    assertThat(Activation.clip(0, 6).value(7)).as("relu6(7) = 6").isEqualTo(6.0);
    assertThat(Activation.clip(-1, 1).value(-3)).as("clip(−3) = −1").isEqualTo(-1.0);
  }

  /**
   * Values are finite on {@code |x| ≤ 10³⁰⁰} and derivatives finite for every finite {@code x} (the
   * search must never meet NaN). GELU's tanh form is excluded above {@code 10¹⁵⁴}: see {@code
   * ActivationBugsTest}.
   */
  @Test
  void valuesAndDerivativesAreFiniteAtExtremeInputs() {
    double[] magnitudes = {
      0,
      Double.MIN_VALUE,
      1e-310,
      Double.MIN_NORMAL,
      1e-100,
      1,
      40,
      800,
      1e10,
      1e100,
      1e154,
      1e155,
      1e200,
      1e300,
      Double.MAX_VALUE
    };
    for (Activation a : configurations()) {
      for (double m : magnitudes) {
        for (double x : new double[] {m, -m}) {
          if (Math.abs(x) <= 1e300) {
            assertThat(a.value(x)).as("%s(%s) is finite", label(a), x).isFinite();
          }
          if (a.kind() == ActivationKind.GELU_TANH && Math.abs(x) > 1e154) {
            continue;
          }
          assertThat(a.derivative(x)).as("%s'(%s) is finite", label(a), x).isFinite();
        }
      }
    }
  }

  /** The mathematical value of σ(x) in high precision (exact for the piecewise-linear ones). */
  static BigDecimal exact(Activation a, double x) {
    BigDecimal bx = new BigDecimal(x);
    BigDecimal alpha = new BigDecimal(a.alpha());
    BigDecimal beta = new BigDecimal(a.beta());
    BigDecimal half = new BigDecimal("0.5");
    return switch (a.kind()) {
      case RELU -> bx.max(BigDecimal.ZERO);
      case LEAKY_RELU -> x >= 0 ? bx : alpha.multiply(bx);
      case SIGMOID -> HighPrecision.sigmoid(bx);
      case TANH -> HighPrecision.tanh(bx);
      case SOFTPLUS -> HighPrecision.softplus(bx);
      case ELU -> x > 0 ? bx : alpha.multiply(HighPrecision.expm1(bx));
      case SELU -> {
        BigDecimal lambda = new BigDecimal("1.0507009873554804934193349852946");
        BigDecimal seluAlpha = new BigDecimal("1.6732632423543772848170429916717");
        yield lambda.multiply(x > 0 ? bx : seluAlpha.multiply(HighPrecision.expm1(bx)));
      }
      case GELU -> bx.multiply(HighPrecision.normalCdf(bx));
      case GELU_TANH -> {
        BigDecimal c =
            BigDecimal.valueOf(2).divide(HighPrecision.PI, HighPrecision.MC).sqrt(HighPrecision.MC);
        BigDecimal inner = c.multiply(bx.add(new BigDecimal("0.044715").multiply(bx.pow(3))));
        yield half.multiply(bx).multiply(BigDecimal.ONE.add(HighPrecision.tanh(inner)));
      }
      case SILU -> bx.multiply(HighPrecision.sigmoid(bx));
      case MISH -> bx.multiply(HighPrecision.tanh(HighPrecision.softplus(bx)));
      case HARD_SIGMOID -> alpha.multiply(bx).add(beta).max(BigDecimal.ZERO).min(BigDecimal.ONE);
      case HARD_SWISH ->
          bx.multiply(
              bx.divide(BigDecimal.valueOf(6), HighPrecision.MC)
                  .add(half)
                  .max(BigDecimal.ZERO)
                  .min(BigDecimal.ONE));
      case CLIP -> bx.max(alpha).min(beta);
    };
  }

  /**
   * (d) Oracle: {@link #exact} — exact {@link BigDecimal} arithmetic for ReLU, LeakyReLU,
   * HardSigmoid and Clip, 80-digit series ({@link HighPrecision}) for the others. Property: {@code
   * evaluationError(x, σ̂(x)) ≥ |σ̂(x) − σ(x)|}, compared exactly, at special points, 300 uniform
   * points in [−20, 20] ([−10, 10] for GELU) and 200 points of magnitude 10⁻³⁰⁰–20, both signs.
   */
  @Test
  void evaluationErrorBoundsTheActualError() {
    Random random = new Random(82);
    int checked = 0;
    for (Activation a : configurations()) {
      double range = a.kind() == ActivationKind.GELU ? 10 : RANGE;
      List<Double> points =
          new ArrayList<>(
              List.of(0.0, -0.0, Double.MIN_VALUE, -1e-310, 1e-300, 1.0, -1.0, 3.0, -3.0));
      for (double k : kinks(a)) {
        points.add(k);
        points.add(Math.nextUp(k));
        points.add(Math.nextDown(k));
      }
      for (int i = 0; i < 300; i++) {
        points.add((2 * random.nextDouble() - 1) * range);
      }
      for (int i = 0; i < 200; i++) {
        double magnitude = Math.pow(10, -300 + (300 + Math.log10(range)) * random.nextDouble());
        points.add(random.nextBoolean() ? magnitude : -magnitude);
      }
      for (double x : points) {
        double y = a.value(x);
        BigDecimal error = new BigDecimal(y).subtract(exact(a, x)).abs();
        double bound = a.evaluationError(x, y);
        assertThat(new BigDecimal(bound).compareTo(error))
            .as("%s(%s) = %s: evaluationError %s ≥ actual error %s", label(a), x, y, bound, error)
            .isGreaterThanOrEqualTo(0);
        checked++;
      }
    }
    assertThat(checked).as("points checked").isGreaterThan(10_000);
  }

  /**
   * (e) The constructor rejects non-finite parameters and inverted clip bounds, naming the kind.
   */
  @Test
  void constructorRejectsInvalidParameters() {
    for (double bad :
        new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY}) {
      assertThatThrownBy(() -> Activation.leakyRelu(bad))
          .as("leaky_relu alpha %s", bad)
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("leaky_relu")
          .hasMessageContaining("finite");
      assertThatThrownBy(() -> Activation.elu(bad))
          .as("elu alpha %s", bad)
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("elu");
      assertThatThrownBy(() -> Activation.hardSigmoid(0.2, bad))
          .as("hard_sigmoid beta %s", bad)
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("hard_sigmoid");
      assertThatThrownBy(() -> Activation.clip(bad, 1))
          .as("clip lo %s", bad)
          .isInstanceOf(InvalidModelException.class)
          .hasMessageContaining("clip");
      assertThatThrownBy(() -> new Activation(ActivationKind.RELU, bad, 0))
          .as("even an ignored parameter must be finite")
          .isInstanceOf(InvalidModelException.class);
    }
    assertThatThrownBy(() -> Activation.clip(1, 0))
        .as("clip with lo > hi")
        .isInstanceOf(InvalidModelException.class)
        .hasMessageContaining("exceeds");
    assertThatThrownBy(() -> new Activation(null, 0, 0))
        .as("null kind")
        .isInstanceOf(InvalidModelException.class);
    assertThat(Activation.clip(2, 2).lipschitzConstant()).as("clip(2, 2) is constant").isZero();
  }

  @Test
  void kindIdentifiersAreTheJsonNames() {
    assertThat(ActivationKind.LEAKY_RELU.id()).isEqualTo("leaky_relu");
    assertThat(ActivationKind.GELU_TANH.id()).isEqualTo("gelu_tanh");
    assertThat(ActivationKind.HARD_SIGMOID.id()).isEqualTo("hard_sigmoid");
  }
}
