package org.lipcert.core.operator;

/**
 * A linear operator defined by trainable weights (a dense matrix, a convolution kernel), which
 * reports its parameter count and the regularisation statistics of its weights.
 */
public interface WeightedOperator extends LinearOperator {

  /** Returns the number of weights. */
  long parameterCount();

  /** Returns {@code Σ|w|}, {@code Σw²}, {@code max|w|} and the fraction of zeros. */
  WeightStatistics weightStatistics();
}
