package org.lipcert.core.advice;

import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.WeightedOperator;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * The largest element-wise clip threshold found for given weights whose clipped layer has a
 * certified norm within a budget: {@code ‖clamp(W, −c, c)‖₂ ≤ σ*}.
 *
 * <p>The norm of the clipped operator is not monotone in {@code c} (clipping can raise it), so the
 * search keeps the invariant "{@code lo} is certified, {@code hi} is not": {@code lo} starts at the
 * weight-independent threshold {@code σ* / g} ({@link WeightedOperator#clipGain()}, certified for
 * any weights), {@code hi} at {@code max|w|}, and every bisection step brackets the clipped
 * operator ({@link OperatorNorms}). The answer is rounded down to a float32 value — the precision
 * in which frameworks apply a clamp — and bracketed again there, so the reported threshold is the
 * one that was certified.
 *
 * @param threshold the clip value {@code c}, a float32 number
 * @param clippedUpper a certified upper bound on {@code ‖clamp(W, −c, c)‖₂}, at most the budget
 * @param anyWeightsThreshold {@code σ* / g} rounded down to float32: clipping any weights of this
 *     layout there guarantees the budget
 * @param steps the brackets computed
 */
public record ClipSearch(
    double threshold, double clippedUpper, double anyWeightsThreshold, int steps) {

  /** The relative width {@code hi/lo − 1} at which the bisection stops. */
  public static final double RELATIVE_PRECISION = 1e-2;

  /** The most bisection steps per layer. */
  public static final int MAX_STEPS = 30;

  /**
   * The bracket tolerance used during the search: coarser than a certificate's default, since a
   * looser bracket only makes the accepted thresholds smaller.
   */
  public static final double SEARCH_TOLERANCE = 1e-4;

  /**
   * Searches the threshold.
   *
   * @param operator the layer's weights
   * @param upper a certified upper bound on its norm now
   * @param budget {@code σ* ≥ 0}
   * @param options the options of the brackets (the tolerance is raised to at least {@link
   *     #SEARCH_TOLERANCE})
   * @return the threshold
   */
  public static ClipSearch search(
      WeightedOperator operator, double upper, double budget, SpectralOptions options) {
    double maxAbs = operator.weightStatistics().maxAbs();
    double anyWeights = float32Down(UpwardArithmetic.divideDown(budget, operator.clipGain()));
    if (upper <= budget) {
      // every c ≥ max|w| leaves W unchanged; report at least the weight-independent value
      return new ClipSearch(Math.max(float32Up(maxAbs), anyWeights), upper, anyWeights, 0);
    }
    SpectralOptions search = options.withTolerance(Math.max(options.tolerance(), SEARCH_TOLERANCE));
    double lo = anyWeights;
    double loUpper = Double.NaN;
    double hi = maxAbs;
    int steps = 0;
    while (hi > lo * (1 + RELATIVE_PRECISION) && steps < MAX_STEPS) {
      double mid = lo > 0 ? Math.sqrt(lo) * Math.sqrt(hi) : hi / 2;
      if (!(mid > lo && mid < hi)) {
        break;
      }
      steps++;
      double clipped = clippedUpper(operator, mid, search);
      if (clipped <= budget) {
        lo = mid;
        loUpper = clipped;
      } else {
        hi = mid;
      }
    }
    double threshold = float32Down(lo);
    if (threshold != lo || Double.isNaN(loUpper)) {
      steps++;
      loUpper = clippedUpper(operator, threshold, search);
      if (loUpper > budget) {
        threshold = anyWeights;
        loUpper = UpwardArithmetic.multiply(anyWeights, operator.clipGain());
      }
    }
    return new ClipSearch(threshold, loUpper, anyWeights, steps);
  }

  /** Returns a certified upper bound on {@code ‖clamp(W, −c, c)‖₂}. */
  static double clippedUpper(WeightedOperator operator, double c, SpectralOptions options) {
    if (c == 0) {
      return 0;
    }
    WeightedOperator clipped = operator.mapWeights(w -> Math.max(-c, Math.min(c, w)));
    double gainBound = UpwardArithmetic.multiply(c, operator.clipGain());
    return Math.min(gainBound, OperatorNorms.upperBound(clipped, options));
  }

  /** Returns the largest float32 value {@code ≤ x}, for {@code x ≥ 0}. */
  static double float32Down(double x) {
    if (!(x > 0)) {
      return 0;
    }
    float f = (float) x;
    return f > x ? Math.nextDown(f) : f;
  }

  /** Returns the smallest float32 value {@code ≥ x}, for {@code x ≥ 0}. */
  static double float32Up(double x) {
    float f = (float) x;
    return f < x ? Math.nextUp(f) : f;
  }
}
