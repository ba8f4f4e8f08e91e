package org.lipcert.core.activation;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Reproductions of defects found in {@link Activation} by {@link ActivationTest}'s properties. Each
 * test states the property it checks and the oracle; it is disabled until the main code is fixed,
 * and should then be enabled as is.
 */
class ActivationEdgeCasesTest {

  /**
   * Property: {@code derivative(x)} is finite for every finite {@code x} (the witness search must
   * never be steered by NaN). For {@code |x| > ≈1.34·10¹⁵⁴}, GELU-tanh's {@code innerSlope =
   * √(2/π)(1 + 3·0.044715·x²)} overflows to {@code +∞} while {@code 1 − t² = 0}, and {@code 0·∞ =
   * NaN}. The true derivative there is 1 (for {@code x > 0}) or 0.
   */
  @Test
  void geluTanhDerivativeIsFiniteForHugeInputs() {
    Activation geluTanh = Activation.of(ActivationKind.GELU_TANH);
    for (double x : new double[] {1e155, -1e155, 1e200, -1e300, Double.MAX_VALUE}) {
      assertThat(geluTanh.derivative(x)).as("gelu_tanh'(%s) is finite", x).isFinite();
    }
    assertThat(geluTanh.derivative(1e155)).as("gelu_tanh'(1e155) = 1").isEqualTo(1.0);
    assertThat(geluTanh.derivative(-1e155)).as("gelu_tanh'(−1e155) = 0").isZero();
  }

  /**
   * Property: {@code evaluationError(x, y) ≥ |y − σ(x)|}; oracle: exact {@link BigDecimal}
   * arithmetic ({@code σ(x) = clamp(αx + β, 0, 1)} needs one product and one sum). For HardSigmoid
   * with {@code |α| ≳ 128}, the rounding of {@code α·x} ({@code ≤ u|αx|}) exceeds the model's
   * {@code 64u(|y| + |x|)} when {@code αx + β} cancels. Reproduction: α = 1000, β = −1000, x =
   * 1.0003: computed 0.2999999999999545, exact 0.29999999999996696…, error 1.25·10⁻¹⁴ > bound
   * 9.24·10⁻¹⁵. The bound enters {@code Graph.evaluateWithErrorBound} and hence the certified
   * witness of {@code DifferenceQuotient}.
   */
  @Test
  void hardSigmoidEvaluationErrorCoversLargeSlopes() {
    Activation a = Activation.hardSigmoid(1000, -1000);
    double x = 1.0003;
    double y = a.value(x);
    BigDecimal exact =
        new BigDecimal(1000)
            .multiply(new BigDecimal(x))
            .add(new BigDecimal(-1000))
            .max(BigDecimal.ZERO)
            .min(BigDecimal.ONE);
    BigDecimal error = new BigDecimal(y).subtract(exact).abs();
    assertThat(new BigDecimal(a.evaluationError(x, y)).compareTo(error))
        .as("evaluationError(%s, %s) = %s ≥ actual error %s", x, y, a.evaluationError(x, y), error)
        .isGreaterThanOrEqualTo(0);
  }

  /**
   * Property (the method's Javadoc): "Returns σ'(x), with the right-hand derivative at a kink".
   * Oracle: the right-hand slope of {@code value}, {@code (σ(k + h) − σ(k))/h} with {@code h =
   * 2⁻²⁰}, tolerance 10⁻⁵. ReLU at 0 returns 0 (right-hand 1), ELU(α) at 0 returns α (right-hand
   * 1), SELU at 0 returns λα (right-hand λ), HardSwish at −3 returns 0 (right-hand −0.5). LeakyReLU
   * and Clip follow the documented convention. Only the search uses derivatives, so no bound is
   * affected; either the code or the Javadoc should change.
   */
  @Test
  void derivativeAtAKinkIsOneOfTheOneSidedDerivatives() {
    double h = 0x1p-20;
    Object[][] cases = {
      {Activation.of(ActivationKind.RELU), 0.0},
      {Activation.elu(2), 0.0},
      {Activation.of(ActivationKind.SELU), 0.0},
      {Activation.of(ActivationKind.HARD_SWISH), -3.0},
      {Activation.leakyRelu(0.2), 0.0},
      {Activation.clip(-1, 1), -1.0},
      {Activation.clip(-1, 1), 1.0},
    };
    for (Object[] c : cases) {
      Activation a = (Activation) c[0];
      double k = (double) c[1];
      double right = (a.value(k + h) - a.value(k)) / h;
      double left = (a.value(k) - a.value(k - h)) / h;
      double d = a.derivative(k);
      assertThat(Math.min(Math.abs(d - right), Math.abs(d - left)))
          .as("%s'(%s) = %s is the left (%s) or right (%s) slope", a.kind().id(), k, d, left, right)
          .isLessThan(1e-5);
    }
  }
}
