package org.lipcert.core.operator;

import java.util.Arrays;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * The mean over a set of axes of a row-major tensor (ONNX {@code ReduceMean}, {@code
 * GlobalAveragePool}): each output averages {@code r} inputs, {@code r} the product of the reduced
 * axes' lengths.
 *
 * <p><b>Exact norm.</b> The rows of {@code A} have disjoint supports and equal entries {@code 1/r},
 * so {@code AAᵀ = (1/r)I} and {@code ‖A‖₂ = 1/√r} (DESIGN §1). The computed {@code fl(1/r)} is
 * within {@code u} of {@code 1/r}, which the bracket absorbs.
 */
public final class AxisMean implements LinearOperator, ClosedFormNorm {

  private final int inputSize;
  private final int[] target;
  private final int outputSize;
  private final int count;
  private final double inverse;

  /**
   * Creates the operator.
   *
   * @param dims the input shape
   * @param axes the axes to average over (distinct, in range)
   */
  public AxisMean(int[] dims, int[] axes) {
    boolean[] reduced = new boolean[dims.length];
    for (int axis : axes) {
      if (axis < 0 || axis >= dims.length || reduced[axis]) {
        throw new org.lipcert.core.InvalidModelException(
            "invalid reduction axes "
                + Arrays.toString(axes)
                + " for shape "
                + Arrays.toString(dims));
      }
      reduced[axis] = true;
    }
    int[] outDims = new int[dims.length];
    int r = 1;
    for (int k = 0; k < dims.length; k++) {
      outDims[k] = reduced[k] ? 1 : dims[k];
      r *= reduced[k] ? dims[k] : 1;
    }
    this.inputSize = ScaledSelection.size(dims);
    this.outputSize = ScaledSelection.size(outDims);
    this.count = r;
    this.inverse = 1.0 / r;
    this.target = new int[inputSize];
    int[] outStrides = ScaledSelection.strides(outDims);
    int[] index = new int[dims.length];
    for (int i = 0; i < inputSize; i++) {
      int o = 0;
      for (int k = 0; k < dims.length; k++) {
        o += (reduced[k] ? 0 : index[k]) * outStrides[k];
      }
      target[i] = o;
      for (int k = dims.length - 1; k >= 0; k--) {
        if (++index[k] < dims[k]) {
          break;
        }
        index[k] = 0;
      }
    }
  }

  /** Returns this operator: its entries are non-negative, {@code |A| = A}. */
  @Override
  public AxisMean absolute() {
    return this;
  }

  @Override
  public int inputSize() {
    return inputSize;
  }

  @Override
  public int outputSize() {
    return outputSize;
  }

  @Override
  public void apply(double[] x, double[] y) {
    Arrays.fill(y, 0, outputSize, 0.0);
    for (int i = 0; i < inputSize; i++) {
      y[target[i]] += x[i];
    }
    for (int o = 0; o < outputSize; o++) {
      y[o] *= inverse;
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    for (int i = 0; i < inputSize; i++) {
      x[i] = y[target[i]] * inverse;
    }
  }

  @Override
  public int termsPerOutput() {
    return count + 1;
  }

  @Override
  public double absoluteNormUpperBound() {
    return normUpperBound();
  }

  @Override
  public double normLowerBound() {
    return UpwardArithmetic.divideDown(
        1 - RoundingModel.UNIT_ROUNDOFF, UpwardArithmetic.sqrt(count));
  }

  @Override
  public double normUpperBound() {
    return UpwardArithmetic.divide(
        1 + RoundingModel.UNIT_ROUNDOFF, UpwardArithmetic.sqrtDown(count));
  }

  @Override
  public String normFormula() {
    return "mean";
  }
}
