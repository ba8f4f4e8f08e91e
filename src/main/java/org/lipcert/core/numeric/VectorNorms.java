package org.lipcert.core.numeric;

/**
 * Euclidean norms of vectors with rigorous two-sided bounds, safe from overflow and underflow.
 *
 * <p>The vector is scaled by a power of two so that its largest entry lies in {@code [1, 2)}
 * (exact, except for entries that become subnormal, whose loss is covered by {@link
 * RoundingModel#underflowAllowance}); the sum of {@code n} squares is then within {@code γ_n} of
 * the exact value (Higham 2002, eq. 3.5) and the square root adds one more rounding. This is the
 * scaling idea of LAPACK's {@code dnrm2}, with the error bound made explicit.
 */
public final class VectorNorms {

  private VectorNorms() {}

  /**
   * Returns a number {@code ≥ ‖x‖₂}.
   *
   * @param x the vector; not modified
   * @return an upper bound on the Euclidean norm; {@code +∞} if an entry is not finite
   */
  public static double norm2Upper(double[] x) {
    int exponent = scaleExponent(x);
    if (exponent == Integer.MIN_VALUE) {
      return 0;
    }
    double sum = sumOfScaledSquares(x, exponent);
    double bound = UpwardArithmetic.multiply(sum, 1 + RoundingModel.gamma(x.length + 1));
    bound = UpwardArithmetic.add(bound, RoundingModel.underflowAllowance(2L * x.length));
    return Math.nextUp(Math.scalb(UpwardArithmetic.sqrt(bound), exponent));
  }

  /**
   * Returns a number {@code ≥ ‖x‖₂} for a float32 vector. Each square of a float32 is exact in
   * float64 (24-bit significands give 48-bit products, and {@code 2^{±256}} stays far from
   * float64's overflow and underflow), so only the {@code n − 1} additions round: {@code fl(Σx²) ≤
   * (1 + γ_n)Σx²} (Higham 2002, eq. 3.5); the square root rounds up.
   *
   * @param x the vector; not modified
   * @return an upper bound on the Euclidean norm
   */
  public static double norm2Upper(float[] x) {
    double sum = 0;
    for (float v : x) {
      sum += (double) v * v;
    }
    double bound = UpwardArithmetic.multiply(sum, 1 + RoundingModel.gamma(x.length + 1));
    return Math.nextUp(UpwardArithmetic.sqrt(bound));
  }

  /**
   * Returns a number {@code ≤ ‖x‖₂}, never negative.
   *
   * @param x the vector; not modified
   * @return a lower bound on the Euclidean norm
   */
  public static double norm2Lower(double[] x) {
    int exponent = scaleExponent(x);
    if (exponent == Integer.MIN_VALUE) {
      return 0;
    }
    double sum = sumOfScaledSquares(x, exponent);
    double bound = UpwardArithmetic.multiplyDown(sum, 1 - RoundingModel.gamma(x.length + 1));
    bound = UpwardArithmetic.subtractDown(bound, RoundingModel.underflowAllowance(2L * x.length));
    return Math.max(0, Math.nextDown(Math.scalb(UpwardArithmetic.sqrtDown(bound), exponent)));
  }

  /**
   * Returns the Euclidean norm in plain floating point, with the same overflow-safe scaling but no
   * directed rounding: for search heuristics, not for certified numbers.
   *
   * @param x the vector; not modified
   * @return {@code ‖x‖₂} to within a few ulps
   */
  public static double norm2(double[] x) {
    int exponent = scaleExponent(x);
    if (exponent == Integer.MIN_VALUE) {
      return 0;
    }
    return Math.scalb(Math.sqrt(sumOfScaledSquares(x, exponent)), exponent);
  }

  /**
   * Returns the exponent {@code e} such that the largest {@code |x_i|} lies in {@code [2^e,
   * 2^(e+1))}, {@link Integer#MIN_VALUE} for a zero vector, and {@link Integer#MAX_VALUE} if an
   * entry is NaN or infinite.
   */
  static int scaleExponent(double[] x) {
    double max = 0;
    for (double v : x) {
      double a = Math.abs(v);
      if (!(a <= Double.MAX_VALUE)) {
        return Integer.MAX_VALUE;
      }
      max = Math.max(max, a);
    }
    return max == 0 ? Integer.MIN_VALUE : Math.getExponent(max);
  }

  private static double sumOfScaledSquares(double[] x, int exponent) {
    if (exponent == Integer.MAX_VALUE) {
      return Double.POSITIVE_INFINITY;
    }
    double sum = 0;
    for (double v : x) {
      double s = Math.scalb(v, -exponent);
      sum += s * s;
    }
    return sum;
  }
}
