package org.lipcert.core.numeric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

/**
 * Tests of {@link RoundingModel}. <b>Oracle:</b> {@code γ_n = n·u/(1 − n·u)} in exact {@link
 * BigDecimal} arithmetic, compared through {@code γ·(1 − n·u) ≥ n·u} so the oracle itself is not
 * rounded. <b>Tolerance:</b> none for the direction; the returned value exceeds the exact {@code
 * γ_n} by at most {@code 8u·γ_n} (one upward rounding of {@code n·u}, one downward of {@code 1 −
 * n·u}, one upward of the quotient).
 */
class RoundingModelTest {

  private static final BigDecimal U = new BigDecimal(RoundingModel.UNIT_ROUNDOFF);

  private static void assertUpperBoundOnGamma(long n) {
    double gamma = RoundingModel.gamma(n);
    BigDecimal nu = U.multiply(BigDecimal.valueOf(n));
    BigDecimal g = new BigDecimal(gamma);
    assertThat(g.multiply(BigDecimal.ONE.subtract(nu)).compareTo(nu))
        .as("gamma(%d) = %s ≥ nu/(1 − nu)", n, gamma)
        .isGreaterThanOrEqualTo(0);
    BigDecimal lower = g.multiply(BigDecimal.ONE.subtract(U.multiply(BigDecimal.valueOf(8))));
    assertThat(lower.multiply(BigDecimal.ONE.subtract(nu)).compareTo(nu))
        .as("gamma(%d) = %s ≤ (1 + 8u)·nu/(1 − nu)", n, gamma)
        .isLessThanOrEqualTo(0);
  }

  @Test
  void gammaIsAnUpperBoundAndMonotone() {
    double previous = RoundingModel.gamma(0);
    for (long n = 1; n <= 20_000; n++) {
      assertUpperBoundOnGamma(n);
      double gamma = RoundingModel.gamma(n);
      assertThat(gamma).as("gamma(%d) ≥ gamma(%d)", n, n - 1).isGreaterThanOrEqualTo(previous);
      previous = gamma;
    }
    for (int p = 15; p <= 51; p++) {
      long n = 1L << p;
      assertUpperBoundOnGamma(n - 1);
      assertUpperBoundOnGamma(n);
      assertUpperBoundOnGamma(n + 1);
      assertThat(RoundingModel.gamma(n))
          .as("gamma(2^%d) ≥ gamma(2^%d − 1)", p, p)
          .isGreaterThanOrEqualTo(RoundingModel.gamma(n - 1));
      assertThat(RoundingModel.gamma(n + 1))
          .as("gamma(2^%d + 1) ≥ gamma(2^%d)", p, p)
          .isGreaterThanOrEqualTo(RoundingModel.gamma(n));
    }
    assertThat(RoundingModel.gamma(1L << 51))
        .as("gamma(2^51) = 1/3 (rounded up)")
        .isBetween(1.0 / 3, 0.334);
  }

  @Test
  void gammaOfZeroIsANegligibleUpperBoundOnZero() {
    assertThat(RoundingModel.gamma(0))
        .as("gamma(0) ≥ γ₀ = 0 and at most a couple of subnormal ulps")
        .isBetween(0.0, 4 * Double.MIN_VALUE);
  }

  /**
   * {@code γ₀ = 0·u/(1 − 0) = 0} exactly (Higham 2002, Lemma 3.1), but {@code gamma(0)} returns
   * {@code 2⁻¹⁰⁷³ ≈ 10⁻³²³}: {@code UpwardArithmetic.multiply(0, u)} is {@code nextUp(0) = 2⁻¹⁰⁷⁴}
   * and the upward division doubles it. Harmless for soundness (it is an upper bound on 0), but a
   * caller testing {@code gamma(n) == 0} or dividing by it gets a surprise.
   */
  @Test
  void gammaOfZeroIsZero() {
    assertThat(RoundingModel.gamma(0)).as("γ₀ = 0").isZero();
  }

  @Test
  void gammaRejectsNegativeAndVoidArguments() {
    assertThatThrownBy(() -> RoundingModel.gamma(-1))
        .as("gamma(−1)")
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-negative");
    for (long n : new long[] {1L << 52, (1L << 52) + 1, 1L << 53, 1L << 60, Long.MAX_VALUE}) {
      assertThatThrownBy(() -> RoundingModel.gamma(n))
          .as("gamma(%d) with n·u ≥ 1/2 is void", n)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("void");
    }
  }

  @Test
  void underflowAllowanceCoversTwiceHalfTheSmallestSubnormalPerOperation() {
    assertThat(RoundingModel.underflowAllowance(0))
        .as("counts at least one operation")
        .isGreaterThanOrEqualTo(Double.MIN_VALUE);
    for (long ops : new long[] {1, 2, 3, 1000, 1L << 40}) {
      BigDecimal required = new BigDecimal(Double.MIN_VALUE).multiply(BigDecimal.valueOf(ops));
      assertThat(new BigDecimal(RoundingModel.underflowAllowance(ops)).compareTo(required))
          .as("underflowAllowance(%d) ≥ %d·2⁻¹⁰⁷⁴", ops, ops)
          .isGreaterThanOrEqualTo(0);
    }
  }
}
