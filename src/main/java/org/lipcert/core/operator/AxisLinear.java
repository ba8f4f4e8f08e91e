package org.lipcert.core.operator;

import java.util.Arrays;
import java.util.List;

/**
 * A matrix {@code W} ({@code m × k}) applied along one axis of a row-major tensor of shape {@code
 * outer × k × inner}, giving {@code outer × m × inner}: {@code y[a, :, b] = W x[a, :, b]}. As a
 * matrix this is {@code I_outer ⊗ W ⊗ I_inner}, so {@code ‖A‖₂ = ‖W‖₂} ({@link KroneckerFactors}).
 *
 * <p>It is ONNX {@code MatMul} with a constant on either side — {@code X·B} acts along the last
 * axis with {@code W = Bᵀ}, {@code A·X} along the second-to-last with {@code W = A} — and {@code
 * Gemm}, batched or not.
 */
public final class AxisLinear implements WeightedOperator, KroneckerFactors {

  private final DenseMatrix weights;
  private final int outer;
  private final int inner;

  /**
   * Creates the operator.
   *
   * @param weights {@code W}, {@code m × k}
   * @param outer the product of the axes before the transformed one
   * @param inner the product of the axes after it
   */
  public AxisLinear(DenseMatrix weights, int outer, int inner) {
    if (outer < 1 || inner < 1) {
      throw new IllegalArgumentException("outer and inner sizes must be positive");
    }
    if ((long) outer * inner * Math.max(weights.rows(), weights.cols()) > Integer.MAX_VALUE) {
      throw new org.lipcert.core.InvalidModelException("the tensor is too large");
    }
    this.weights = weights;
    this.outer = outer;
    this.inner = inner;
  }

  /** Returns {@code W}. */
  public DenseMatrix weights() {
    return weights;
  }

  @Override
  public int inputSize() {
    return outer * weights.cols() * inner;
  }

  @Override
  public int outputSize() {
    return outer * weights.rows() * inner;
  }

  @Override
  public void apply(double[] x, double[] y) {
    int m = weights.rows();
    int k = weights.cols();
    Arrays.fill(y, 0, outputSize(), 0.0);
    for (int a = 0; a < outer; a++) {
      for (int i = 0; i < m; i++) {
        int yBase = (a * m + i) * inner;
        for (int l = 0; l < k; l++) {
          double w = weights.get(i, l);
          if (w == 0) {
            continue;
          }
          int xBase = (a * k + l) * inner;
          for (int b = 0; b < inner; b++) {
            y[yBase + b] += w * x[xBase + b];
          }
        }
      }
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    int m = weights.rows();
    int k = weights.cols();
    Arrays.fill(x, 0, inputSize(), 0.0);
    for (int a = 0; a < outer; a++) {
      for (int i = 0; i < m; i++) {
        int yBase = (a * m + i) * inner;
        for (int l = 0; l < k; l++) {
          double w = weights.get(i, l);
          if (w == 0) {
            continue;
          }
          int xBase = (a * k + l) * inner;
          for (int b = 0; b < inner; b++) {
            x[xBase + b] += w * y[yBase + b];
          }
        }
      }
    }
  }

  @Override
  public int termsPerOutput() {
    return weights.cols();
  }

  @Override
  public double absoluteNormUpperBound() {
    return weights.frobeniusNormUpperBound();
  }

  @Override
  public List<DenseMatrix> kroneckerFactors() {
    return List.of(weights);
  }

  /** Returns {@code W}'s gain: {@code ‖I ⊗ W ⊗ I‖₂ = ‖W‖₂}. */
  @Override
  public double clipGain() {
    return weights.clipGain();
  }

  @Override
  public AxisLinear mapWeights(java.util.function.DoubleUnaryOperator f) {
    return new AxisLinear(weights.mapWeights(f), outer, inner);
  }

  /** Returns the operator with every weight replaced by its absolute value: {@code |A|}. */
  @Override
  public AxisLinear absolute() {
    return mapWeights(Math::abs);
  }

  @Override
  public long parameterCount() {
    return weights.parameterCount();
  }

  @Override
  public WeightStatistics weightStatistics() {
    return weights.weightStatistics();
  }
}
