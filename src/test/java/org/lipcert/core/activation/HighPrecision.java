package org.lipcert.core.activation;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Reference values of the activations in {@link BigDecimal} with 80 significant digits (erf with
 * 150, to absorb the cancellation in its series): Taylor series with argument halving for {@code
 * exp}, the plain series for {@code expm1} on {@code |x| < 1}, {@code log(1 + z) = 2 atanh(z/(2 +
 * z))}, and the Maclaurin series of {@code erf}. Every series is summed until its terms fall below
 * 10⁻⁹⁰ of the sum, so the values are correct to far more digits than any test tolerance needs.
 */
public final class HighPrecision {

  /** The working precision, 80 significant digits. */
  public static final MathContext MC = new MathContext(80, RoundingMode.HALF_EVEN);

  private static final MathContext ERF_MC = new MathContext(150, RoundingMode.HALF_EVEN);
  private static final BigDecimal TWO = BigDecimal.valueOf(2);
  private static final BigDecimal HALF = new BigDecimal("0.5");
  private static final BigDecimal EPSILON = new BigDecimal("1e-90");
  static final BigDecimal PI =
      new BigDecimal(
          "3.14159265358979323846264338327950288419716939937510"
              + "58209749445923078164062862089986280348253421170679");

  private HighPrecision() {}

  /** Returns {@code exp(x)} to 80 significant digits. */
  public static BigDecimal exp(BigDecimal x) {
    int halvings = 0;
    BigDecimal r = x;
    while (r.abs().compareTo(HALF) > 0) {
      r = r.multiply(HALF);
      halvings++;
    }
    BigDecimal sum = BigDecimal.ONE;
    BigDecimal term = BigDecimal.ONE;
    for (int n = 1; ; n++) {
      term = term.multiply(r, MC).divide(BigDecimal.valueOf(n), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(EPSILON.multiply(sum.abs())) < 0) {
        break;
      }
    }
    for (int i = 0; i < halvings; i++) {
      sum = sum.multiply(sum, MC);
    }
    return sum;
  }

  static BigDecimal expm1(BigDecimal x) {
    if (x.abs().compareTo(BigDecimal.ONE) >= 0) {
      return exp(x).subtract(BigDecimal.ONE, MC);
    }
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal term = BigDecimal.ONE;
    for (int n = 1; ; n++) {
      term = term.multiply(x, MC).divide(BigDecimal.valueOf(n), MC);
      sum = sum.add(term, MC);
      if (term.abs().compareTo(EPSILON.multiply(sum.abs())) < 0) {
        return sum;
      }
    }
  }

  /** {@code log(1 + z)} for {@code z ≥ 0}. */
  public static BigDecimal log1p(BigDecimal z) {
    if (z.signum() == 0) {
      return BigDecimal.ZERO;
    }
    if (z.compareTo(BigDecimal.ONE) > 0) {
      // log(1 + z) = log 2 + log(1 + (z − 1)/2), halving until z ≤ 1
      BigDecimal log2 = log1p(BigDecimal.ONE);
      return log2.add(log1p(z.subtract(BigDecimal.ONE).multiply(HALF)), MC);
    }
    BigDecimal w = z.divide(TWO.add(z), MC);
    BigDecimal w2 = w.multiply(w, MC);
    BigDecimal power = w;
    BigDecimal sum = BigDecimal.ZERO;
    for (int k = 0; ; k++) {
      BigDecimal term = power.divide(BigDecimal.valueOf(2L * k + 1), MC);
      sum = sum.add(term, MC);
      if (term.compareTo(EPSILON.multiply(sum)) < 0) {
        return sum.multiply(TWO);
      }
      power = power.multiply(w2, MC);
    }
  }

  static BigDecimal tanh(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal e = expm1(x.abs().multiply(TWO));
    BigDecimal t = e.divide(e.add(TWO), MC);
    return x.signum() < 0 ? t.negate() : t;
  }

  static BigDecimal sigmoid(BigDecimal x) {
    return BigDecimal.ONE.divide(BigDecimal.ONE.add(exp(x.negate())), MC);
  }

  static BigDecimal softplus(BigDecimal x) {
    BigDecimal positive = x.max(BigDecimal.ZERO);
    return positive.add(log1p(exp(x.abs().negate())), MC);
  }

  /** {@code erf(x)} for {@code |x| ≤ 8}. */
  static BigDecimal erf(BigDecimal x) {
    if (x.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal x2 = x.multiply(x, ERF_MC);
    BigDecimal power = x;
    BigDecimal sum = BigDecimal.ZERO;
    BigDecimal factorial = BigDecimal.ONE;
    BigDecimal tiny = new BigDecimal("1e-120");
    for (int n = 0; ; n++) {
      if (n > 0) {
        factorial = factorial.multiply(BigDecimal.valueOf(n));
        power = power.multiply(x2, ERF_MC).negate();
      }
      BigDecimal term = power.divide(factorial.multiply(BigDecimal.valueOf(2L * n + 1)), ERF_MC);
      sum = sum.add(term, ERF_MC);
      if (n > 2 && term.abs().compareTo(tiny) < 0) {
        break;
      }
    }
    return sum.multiply(TWO, ERF_MC).divide(PI.sqrt(ERF_MC), MC);
  }

  /** The standard normal distribution function {@code Φ(x) = (1 + erf(x/√2))/2}. */
  static BigDecimal normalCdf(BigDecimal x) {
    BigDecimal z = x.divide(TWO.sqrt(ERF_MC), ERF_MC);
    return BigDecimal.ONE.add(erf(z)).multiply(HALF);
  }
}
