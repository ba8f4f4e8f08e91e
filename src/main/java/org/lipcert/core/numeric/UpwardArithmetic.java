package org.lipcert.core.numeric;

/**
 * Arithmetic whose results are never below the exact result: the round-to-nearest result moved one
 * ulp up.
 *
 * <p>Java offers no directed rounding, but IEEE 754 operations {@code +, −, ×, /} and {@link
 * Math#sqrt} are correctly rounded, so {@code |fl(x) − x| ≤ ulp(fl(x))/2} and {@code
 * Math.nextUp(fl(x)) ≥ x}. That is all a certified upper bound needs; it costs at most two ulps of
 * slack per operation. Infinite and NaN inputs propagate unchanged.
 */
public final class UpwardArithmetic {

  private UpwardArithmetic() {}

  /** Returns a number {@code ≥ a + b}. */
  public static double add(double a, double b) {
    return Math.nextUp(a + b);
  }

  /** Returns a number {@code ≥ a · b}. */
  public static double multiply(double a, double b) {
    return Math.nextUp(a * b);
  }

  /** Returns a number {@code ≥ a / b} for {@code b ≠ 0}. */
  public static double divide(double a, double b) {
    return Math.nextUp(a / b);
  }

  /** Returns a number {@code ≥ √a} for {@code a ≥ 0}. */
  public static double sqrt(double a) {
    return Math.nextUp(Math.sqrt(a));
  }

  /** Returns a number {@code ≤ a / b} for {@code b ≠ 0}: the downward counterpart of divide. */
  public static double divideDown(double a, double b) {
    return Math.nextDown(a / b);
  }

  /** Returns a number {@code ≤ a · b}: the downward counterpart of multiply. */
  public static double multiplyDown(double a, double b) {
    return Math.nextDown(a * b);
  }

  /** Returns a number {@code ≤ a − b}: the downward counterpart of subtraction. */
  public static double subtractDown(double a, double b) {
    return Math.nextDown(a - b);
  }

  /** Returns a number {@code ≤ √a} for {@code a ≥ 0}, and 0 for {@code a ≤ 0}. */
  public static double sqrtDown(double a) {
    return a <= 0 ? 0 : Math.max(0, Math.nextDown(Math.sqrt(a)));
  }
}
