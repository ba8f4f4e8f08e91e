package org.lipcert.core.operator;

import java.util.function.DoubleUnaryOperator;

/**
 * A linear operator defined by trainable weights (a dense matrix, a convolution kernel), which
 * reports its parameter count and the regularisation statistics of its weights, and can be rebuilt
 * with changed weights (for clipping and normalisation advice).
 */
public interface WeightedOperator extends LinearOperator {

  /** Returns the number of weights. */
  long parameterCount();

  /** Returns {@code Σ|w|}, {@code Σw²}, {@code max|w|} and the fraction of zeros. */
  WeightStatistics weightStatistics();

  /**
   * Returns a number {@code g}, rounded up, with {@code ‖A‖₂ ≤ g·max|w|} for every operator of this
   * layout — the same shapes, strides and groups, any weights {@code w}. So clipping the weights to
   * {@code [−c, c]} guarantees {@code ‖A‖₂ ≤ g·c}, whatever they were. Implementations prove their
   * value in their Javadoc.
   */
  double clipGain();

  /**
   * Returns the operator of the same layout whose every weight {@code w} is replaced by {@code
   * f(w)}, e.g. {@code w → clamp(w, −c, c)} or {@code w → s·w}.
   *
   * @param f the map, applied to each weight once
   * @return a new operator
   * @throws org.lipcert.core.InvalidModelException if {@code f} produces a non-finite weight
   */
  WeightedOperator mapWeights(DoubleUnaryOperator f);

  /**
   * Returns {@code ⌈sqrt(n)⌉} in floating point: {@code Math.sqrt} is correctly rounded, so its
   * successor bounds {@code √n} from above for every {@code n < 2⁵³}.
   *
   * @param n a non-negative integer
   * @return a number {@code ≥ √n}
   */
  static double sqrtUpper(long n) {
    double root = Math.sqrt((double) n);
    return root * root == n ? root : Math.nextUp(root);
  }
}
