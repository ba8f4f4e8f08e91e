package org.lipcert.core.activation;

import org.apache.commons.numbers.gamma.Erfc;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.RoundingModel;

/**
 * An element-wise activation {@code σ: ℝ → ℝ} with its parameters: its value, a derivative for
 * Jacobian products, the certified Lipschitz constant {@code sup|σ'|} (the same for every {@code
 * ℓp} norm, since the map acts coordinate-wise), and a bound on its evaluation error.
 *
 * @param kind which function
 * @param alpha the slope parameter of LeakyReLU, ELU and HardSigmoid; the lower clip bound of Clip;
 *     ignored otherwise
 * @param beta the offset of HardSigmoid; the upper clip bound of Clip; ignored otherwise
 */
public record Activation(ActivationKind kind, double alpha, double beta) {

  /** SELU's {@code λ} (Klambauer et al. 2017). */
  public static final double SELU_LAMBDA = 1.0507009873554804934193349852946;

  /** SELU's {@code α} (Klambauer et al. 2017). */
  public static final double SELU_ALPHA = 1.6732632423543772848170429916717;

  /**
   * The evaluation-error model: for the implementations below, {@code |fl(σ(x)) − σ(x)| ≤
   * EVALUATION_ULPS·u·(|σ(x)| + |x|)} plus an underflow term. Java's {@code exp}, {@code expm1},
   * {@code log1p} and {@code tanh} are within 1–2.5 ulps ({@link Math} Javadoc) and Commons
   * Numbers' {@code erfc} within a few; each function composes at most six such steps, so 64 leaves
   * a wide margin.
   */
  public static final double EVALUATION_ULPS = 64;

  private static final double SQRT_HALF = Math.sqrt(0.5);
  private static final double SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);
  private static final double INV_SQRT_TWO_PI = 1 / Math.sqrt(2 * Math.PI);
  private static final double GELU_TANH_CUBIC = 0.044715;

  /** Beyond this {@code |x|} the tanh in GELU's approximation is ±1 in float64. */
  private static final double GELU_TANH_SATURATION = 30;

  /**
   * Validates the parameters.
   *
   * @throws InvalidModelException if a parameter is not finite, or Clip's bounds are inverted
   */
  public Activation {
    if (kind == null) {
      throw new InvalidModelException("activation kind must be given");
    }
    if (!Double.isFinite(alpha) || !Double.isFinite(beta)) {
      throw new InvalidModelException(
          kind.id() + ": parameters must be finite, got alpha = " + alpha + ", beta = " + beta);
    }
    if (kind == ActivationKind.CLIP && alpha > beta) {
      throw new InvalidModelException(
          "clip: the lower bound " + alpha + " exceeds the upper bound " + beta);
    }
  }

  /** Returns a parameter-free activation (ReLU, Sigmoid, Tanh, …). */
  public static Activation of(ActivationKind kind) {
    return switch (kind) {
      case LEAKY_RELU -> leakyRelu(0.01);
      case ELU -> elu(1.0);
      case HARD_SIGMOID -> hardSigmoid(0.2, 0.5);
      case CLIP -> clip(0, 6);
      default -> new Activation(kind, 0, 0);
    };
  }

  /** Returns LeakyReLU with negative slope {@code alpha}. */
  public static Activation leakyRelu(double alpha) {
    return new Activation(ActivationKind.LEAKY_RELU, alpha, 0);
  }

  /** Returns ELU with parameter {@code alpha}. */
  public static Activation elu(double alpha) {
    return new Activation(ActivationKind.ELU, alpha, 0);
  }

  /** Returns HardSigmoid {@code max(0, min(1, αx + β))}. */
  public static Activation hardSigmoid(double alpha, double beta) {
    return new Activation(ActivationKind.HARD_SIGMOID, alpha, beta);
  }

  /** Returns Clip to {@code [lo, hi]}. */
  public static Activation clip(double lo, double hi) {
    return new Activation(ActivationKind.CLIP, lo, hi);
  }

  /**
   * Returns a certified upper bound on {@code sup_x |σ'(x)|}, the Lipschitz constant of the
   * activation in every {@code ℓp} norm. Sources in {@link ActivationKind}.
   */
  public double lipschitzConstant() {
    return switch (kind) {
      case LEAKY_RELU, ELU -> Math.max(1, Math.abs(alpha));
      case HARD_SIGMOID -> Math.abs(alpha);
      case CLIP -> alpha == beta ? 0 : 1;
      default -> kind.fixedConstant();
    };
  }

  /**
   * Returns a number {@code ≤ inf_x σ'(x)}, rounded down: the lower end of the slope interval
   * {@code [α, β]} that LipSDP's quadratic constraints use (Fazlyab et al. 2019). Sources as for
   * {@link ActivationKind}; GELU, SiLU and their kin satisfy {@code σ'(−x) = 1 − σ'(x)}, so their
   * minimum is 1 minus their maximum: GELU −0.1289041…, its tanh form −0.1289930…, SiLU
   * −0.0998393…; Mish's minimum −0.1125261… (numerical, fine grid), HardSwish's −1/2.
   */
  public double slopeLowerBound() {
    return switch (kind) {
      case RELU, SIGMOID, TANH, SOFTPLUS, SELU, CLIP -> 0;
      case LEAKY_RELU -> Math.min(1, alpha);
      case ELU -> Math.min(0, alpha);
      case HARD_SIGMOID -> Math.min(0, alpha);
      case GELU -> -0.12891;
      case GELU_TANH -> -0.12900;
      case SILU -> -0.09984;
      case MISH -> -0.11253;
      case HARD_SWISH -> -0.5;
    };
  }

  /** Returns a number {@code ≥ sup_x σ'(x)}, rounded up: the upper end of the slope interval. */
  public double slopeUpperBound() {
    return switch (kind) {
      case LEAKY_RELU -> Math.max(1, alpha);
      case ELU -> Math.max(1, alpha);
      case HARD_SIGMOID -> Math.max(0, alpha);
      case CLIP -> alpha == beta ? 0 : 1;
      default -> lipschitzConstant();
    };
  }

  /** Returns {@code σ(x)}. */
  public double value(double x) {
    return switch (kind) {
      case RELU -> x > 0 ? x : 0;
      case LEAKY_RELU -> x >= 0 ? x : alpha * x;
      case SIGMOID -> sigmoid(x);
      case TANH -> Math.tanh(x);
      case SOFTPLUS -> softplus(x);
      case ELU -> x > 0 ? x : alpha * Math.expm1(x);
      case SELU -> SELU_LAMBDA * (x > 0 ? x : SELU_ALPHA * Math.expm1(x));
      case GELU -> 0.5 * x * Erfc.value(-x * SQRT_HALF);
      case GELU_TANH ->
          0.5 * x * (1 + Math.tanh(SQRT_TWO_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x)));
      case SILU -> x * sigmoid(x);
      case MISH -> x * Math.tanh(softplus(x));
      case HARD_SIGMOID -> Math.max(0, Math.min(1, alpha * x + beta));
      case HARD_SWISH -> x * Math.max(0, Math.min(1, x / 6 + 0.5));
      case CLIP -> Math.min(Math.max(x, alpha), beta);
    };
  }

  /**
   * Returns {@code σ'(x)}; at a kink, one of the one-sided derivatives (ReLU: 0 at 0, LeakyReLU: 1
   * at 0, ELU/SELU: the left one at 0, HardSwish and HardSigmoid: 0 at the corners, Clip: 1 at the
   * lower corner). Used to search for witnesses (Jacobian products), never to certify: DESIGN §1.5.
   */
  public double derivative(double x) {
    return switch (kind) {
      case RELU -> x > 0 ? 1 : 0;
      case LEAKY_RELU -> x >= 0 ? 1 : alpha;
      case SIGMOID -> {
        double s = sigmoid(x);
        yield s * (1 - s);
      }
      case TANH -> {
        double t = Math.tanh(x);
        yield 1 - t * t;
      }
      case SOFTPLUS -> sigmoid(x);
      case ELU -> x > 0 ? 1 : alpha * Math.exp(x);
      case SELU -> SELU_LAMBDA * (x > 0 ? 1 : SELU_ALPHA * Math.exp(x));
      case GELU -> 0.5 * Erfc.value(-x * SQRT_HALF) + x * INV_SQRT_TWO_PI * Math.exp(-0.5 * x * x);
      case GELU_TANH -> {
        if (Math.abs(x) > GELU_TANH_SATURATION) {
          yield x > 0 ? 1 : 0; // the cubic term would overflow; tanh is ±1 to working precision
        }
        double inner = SQRT_TWO_OVER_PI * (x + GELU_TANH_CUBIC * x * x * x);
        double t = Math.tanh(inner);
        double innerSlope = SQRT_TWO_OVER_PI * (1 + 3 * GELU_TANH_CUBIC * x * x);
        yield 0.5 * (1 + t) + 0.5 * x * (1 - t * t) * innerSlope;
      }
      case SILU -> {
        double s = sigmoid(x);
        yield s * (1 + x * (1 - s));
      }
      case MISH -> {
        double t = Math.tanh(softplus(x));
        yield t + x * (1 - t * t) * sigmoid(x);
      }
      case HARD_SIGMOID -> {
        double z = alpha * x + beta;
        yield z > 0 && z < 1 ? alpha : 0;
      }
      case HARD_SWISH -> x >= 3 ? 1 : x <= -3 ? 0 : x / 3 + 0.5;
      case CLIP -> x >= alpha && x < beta ? 1 : 0;
    };
  }

  /**
   * Returns a bound on {@code |fl(σ(x)) − σ(x)|} for the computed value {@code y = fl(σ(x))} of an
   * exact input {@code x}: {@value #EVALUATION_ULPS}{@code ·u·(|y| + |x|)} plus an underflow term.
   * Piecewise-linear activations need far less; the common bound keeps the model simple.
   *
   * @param x the input
   * @param y the computed value
   * @return the absolute error bound
   */
  public double evaluationError(double x, double y) {
    double magnitude = Math.abs(y) + Math.abs(x);
    if (kind == ActivationKind.HARD_SIGMOID) {
      // fl(fl(αx) + β) errs by at most 2u(|αx| + |β|), which cancellation can make exceed |y|
      magnitude += Math.abs(alpha * x) + Math.abs(beta);
    }
    return EVALUATION_ULPS * RoundingModel.UNIT_ROUNDOFF * magnitude
        + RoundingModel.underflowAllowance(8);
  }

  private static double sigmoid(double x) {
    if (x >= 0) {
      return 1 / (1 + Math.exp(-x));
    }
    double e = Math.exp(x);
    return e / (1 + e);
  }

  private static double softplus(double x) {
    return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
  }
}
