package org.lipcert.core.numeric;

/**
 * Arithmetic whose results are never below (or, for the {@code Down} methods, never above) the
 * exact result: the round-to-nearest result, moved one ulp in the safe direction unless it is
 * exact.
 *
 * <p>Java offers no directed rounding, but IEEE 754 operations {@code +, −, ×, /} and {@link
 * Math#sqrt} are correctly rounded, so {@code |fl(x) − x| ≤ ulp(fl(x))/2} and {@code
 * Math.nextUp(fl(x)) ≥ x}. The error of the rounded result is itself exactly computable — by TwoSum
 * for a sum (Knuth, TAOCP vol. 2, §4.2.2), by a fused multiply-add for a product, a quotient and a
 * square root (Boldo and Muller, "Exact and approximated error of the FMA", IEEE TC 60, 2011) — so
 * its sign tells whether the rounded result already lies on the safe side: then it is returned as
 * is, and exact results (integers, powers of two) stay exact. Near the underflow range the fused
 * error is not exact, and the result is always moved. Infinite and NaN inputs propagate unchanged.
 */
public final class UpwardArithmetic {

  /**
   * Below this magnitude the error terms may underflow: {@code 2^−969} leaves 53 bits of headroom
   * above the smallest normal number.
   */
  private static final double EXACT_ERROR_FLOOR = 0x1p-969;

  private UpwardArithmetic() {}

  /** Returns the smallest double {@code ≥ a + b}. */
  public static double add(double a, double b) {
    double s = a + b;
    if (!Double.isFinite(s)) {
      return Math.nextUp(s);
    }
    double error = sumError(a, b, s);
    return error > 0 ? Math.nextUp(s) : s;
  }

  /** Returns the smallest double {@code ≥ a · b} (one ulp above it near underflow). */
  public static double multiply(double a, double b) {
    double p = a * b;
    if (!Double.isFinite(p) || Math.abs(p) < EXACT_ERROR_FLOOR) {
      return Math.nextUp(p);
    }
    return Math.fma(a, b, -p) > 0 ? Math.nextUp(p) : p;
  }

  /**
   * Returns the smallest double {@code ≥ a / b} for {@code b ≠ 0} (one ulp above near underflow).
   */
  public static double divide(double a, double b) {
    double q = a / b;
    if (!Double.isFinite(q) || Math.abs(q) < EXACT_ERROR_FLOOR || Math.abs(a) < EXACT_ERROR_FLOOR) {
      return Math.nextUp(q);
    }
    // a − q·b is exact; a/b > q iff (a − q·b)/b > 0
    double remainder = Math.fma(-q, b, a);
    return remainder != 0 && (remainder > 0) == (b > 0) ? Math.nextUp(q) : q;
  }

  /** Returns the smallest double {@code ≥ √a} for {@code a ≥ 0} (one ulp above near underflow). */
  public static double sqrt(double a) {
    double r = Math.sqrt(a);
    if (!Double.isFinite(r) || a < EXACT_ERROR_FLOOR) {
      return Math.nextUp(r);
    }
    return Math.fma(r, r, -a) < 0 ? Math.nextUp(r) : r;
  }

  /** Returns the largest double {@code ≤ a / b} for {@code b ≠ 0}: the downward divide. */
  public static double divideDown(double a, double b) {
    double q = a / b;
    if (!Double.isFinite(q) || Math.abs(q) < EXACT_ERROR_FLOOR || Math.abs(a) < EXACT_ERROR_FLOOR) {
      return Math.nextDown(q);
    }
    double remainder = Math.fma(-q, b, a);
    return remainder != 0 && (remainder > 0) != (b > 0) ? Math.nextDown(q) : q;
  }

  /** Returns the largest double {@code ≤ a · b}: the downward counterpart of multiply. */
  public static double multiplyDown(double a, double b) {
    double p = a * b;
    if (!Double.isFinite(p) || Math.abs(p) < EXACT_ERROR_FLOOR) {
      return Math.nextDown(p);
    }
    return Math.fma(a, b, -p) < 0 ? Math.nextDown(p) : p;
  }

  /** Returns the largest double {@code ≤ a − b}: the downward counterpart of subtraction. */
  public static double subtractDown(double a, double b) {
    double s = a - b;
    if (!Double.isFinite(s)) {
      return Math.nextDown(s);
    }
    double error = sumError(a, -b, s);
    return error < 0 ? Math.nextDown(s) : s;
  }

  /** Returns the largest double {@code ≤ √a} for {@code a > 0}, and 0 for {@code a ≤ 0}. */
  public static double sqrtDown(double a) {
    if (a <= 0) {
      return 0;
    }
    double r = Math.sqrt(a);
    if (!Double.isFinite(r) || a < EXACT_ERROR_FLOOR) {
      return Math.max(0, Math.nextDown(r));
    }
    return Math.fma(r, r, -a) > 0 ? Math.max(0, Math.nextDown(r)) : r;
  }

  /** Returns {@code (a + b) − s} exactly, for {@code s = fl(a + b)} finite (Knuth's TwoSum). */
  private static double sumError(double a, double b, double s) {
    double bVirtual = s - a;
    double aVirtual = s - bVirtual;
    return (a - aVirtual) + (b - bVirtual);
  }
}
