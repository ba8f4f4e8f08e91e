package org.lipcert.core.operator;

/**
 * The classic regularisation statistics of a set of weights (DESIGN §1, "Clipping and normalisation
 * suggestions").
 *
 * @param count the number of weights
 * @param l1 {@code Σ|w|}, the L1 penalty
 * @param l2Squared {@code Σw²}, the weight-decay penalty
 * @param maxAbs {@code max|w|}
 * @param zeroFraction the fraction of weights that are exactly zero
 */
public record WeightStatistics(
    long count, double l1, double l2Squared, double maxAbs, double zeroFraction) {

  /** Returns the statistics of the given weights. */
  public static WeightStatistics of(double[] weights) {
    return of(weights.length, i -> weights[i]);
  }

  /**
   * Returns the statistics of float32 weights, summed in float64 like {@link #of(double[])}.
   *
   * @param weights the weights; not modified
   * @return their statistics
   */
  public static WeightStatistics of(float[] weights) {
    return of(weights.length, i -> weights[i]);
  }

  private static WeightStatistics of(int count, java.util.function.IntToDoubleFunction weight) {
    double l1 = 0;
    double l2 = 0;
    double max = 0;
    long zeros = 0;
    for (int i = 0; i < count; i++) {
      double w = weight.applyAsDouble(i);
      double a = Math.abs(w);
      l1 += a;
      l2 += w * w;
      max = Math.max(max, a);
      if (w == 0) {
        zeros++;
      }
    }
    return new WeightStatistics(count, l1, l2, max, count == 0 ? 0 : (double) zeros / count);
  }

  /** Returns the statistics of the union of two sets of weights. */
  public WeightStatistics plus(WeightStatistics other) {
    long total = count + other.count;
    double zeros = zeroFraction * count + other.zeroFraction * other.count;
    return new WeightStatistics(
        total,
        l1 + other.l1,
        l2Squared + other.l2Squared,
        Math.max(maxAbs, other.maxAbs),
        total == 0 ? 0 : zeros / total);
  }
}
