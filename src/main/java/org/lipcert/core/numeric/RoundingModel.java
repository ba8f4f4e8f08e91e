package org.lipcert.core.numeric;

/**
 * The IEEE 754 binary64 rounding model and the error constants derived from it.
 *
 * <p>Every basic operation {@code op ∈ {+, −, ×, /, √}} in round-to-nearest satisfies {@code fl(a
 * op b) = (a op b)(1 + δ)}, {@code |δ| ≤ u}, in the absence of underflow (Higham 2002, §2.2).
 * Underflow adds an absolute error of at most half the smallest subnormal per operation, which is
 * why the bounds in this package carry a separate absolute term {@link #underflowAllowance(long)}.
 */
public final class RoundingModel {

  /** Unit roundoff {@code u = 2⁻⁵³} of binary64 with round-to-nearest. */
  public static final double UNIT_ROUNDOFF = 0x1p-53;

  private RoundingModel() {}

  /**
   * Returns an upper bound on {@code γ_n = n·u / (1 − n·u)} (Higham 2002, Lemma 3.1): if {@code
   * |δ_i| ≤ u} then {@code |Π(1 + δ_i) − 1| ≤ γ_n} for {@code n} factors. The classic use: an inner
   * product of length {@code n} computed in any order has {@code |fl(xᵀy) − xᵀy| ≤ γ_n |x|ᵀ|y|}
   * (Higham 2002, eq. 3.5).
   *
   * @param n number of rounding errors compounded; must satisfy {@code n·u < 1/2}
   * @return {@code γ_n}, rounded up
   * @throws IllegalArgumentException if {@code n} is negative or so large that the bound is void
   */
  public static double gamma(long n) {
    if (n < 0) {
      throw new IllegalArgumentException("n must be non-negative: " + n);
    }
    if (n == 0) {
      return 0;
    }
    double nu = UpwardArithmetic.multiply(n, UNIT_ROUNDOFF);
    if (nu >= 0.5) {
      throw new IllegalArgumentException("gamma_n is void for n = " + n);
    }
    return UpwardArithmetic.divide(nu, Math.nextDown(1.0 - nu));
  }

  /**
   * Returns a bound on the total absolute error that gradual underflow can add to a computation of
   * {@code operations} basic operations: each loses at most half the smallest subnormal, {@code
   * 2⁻¹⁰⁷⁵}; this returns {@code operations · 2⁻¹⁰⁷⁴}, twice that.
   *
   * @param operations number of operations whose results are summed into one quantity
   * @return an absolute error bound, negligible unless the data are themselves near underflow
   */
  public static double underflowAllowance(long operations) {
    return UpwardArithmetic.multiply(Math.max(operations, 1), Double.MIN_VALUE);
  }
}
