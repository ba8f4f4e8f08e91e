package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;

/**
 * Parametric ReLU with a slope per element ({@code x} for {@code x ≥ 0}, {@code α_i x} below; ONNX
 * {@code PRelu} with its slope broadcast to the input shape). Its Lipschitz constant is {@code
 * max(1, max_i |α_i|)} (DESIGN §1): each coordinate's slope is 1 or {@code α_i}.
 */
public final class PRelu implements Operation {

  private final String opType;
  private final double[] slopes;
  private final double constant;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports
   * @param slopes {@code α_i}, one per input element, finite (copied)
   */
  public PRelu(String opType, double[] slopes) {
    double max = 1;
    for (double a : slopes) {
      if (!Double.isFinite(a)) {
        throw new InvalidModelException("PRelu slopes must be finite, got " + a);
      }
      max = Math.max(max, Math.abs(a));
    }
    this.opType = opType;
    this.slopes = slopes.clone();
    this.constant = max;
  }

  @Override
  public String opType() {
    return opType;
  }

  @Override
  public int arity() {
    return 1;
  }

  @Override
  public Shape outputShape(Shape[] inputShapes) {
    if (inputShapes[0].size() != slopes.length) {
      throw new InvalidModelException(
          "has " + slopes.length + " slopes for an input of shape " + inputShapes[0]);
    }
    return inputShapes[0];
  }

  /** Returns a copy of the slopes {@code α_i}. */
  public double[] slopes() {
    return slopes.clone();
  }

  /** Returns whether every slope {@code α_i} lies in {@code [0, 1]}. */
  public boolean hasSlopesInUnitInterval() {
    for (double a : slopes) {
      if (a < 0 || a > 1) {
        return false;
      }
    }
    return true;
  }

  /** Returns the same constant in every norm: the map is element-wise. */
  @Override
  public double lipschitzConstant(Norm norm) {
    return constant;
  }

  /** Returns {@code max(1, max|α_i|)}. */
  @Override
  public double lipschitzConstant() {
    return constant;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] x = inputs[0];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] >= 0 ? x[i] : slopes[i] * x[i];
    }
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    double[] x = inputs[0];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = (x[i] >= 0 ? 1 : slopes[i]) * tangents[0][i];
    }
    return y;
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    return new double[][] {jvp(inputs, new double[][] {cotangent})};
  }

  /** Returns {@code L·e + 2u‖y‖} plus underflow: one rounded product per element. */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    double rounding =
        UpwardArithmetic.multiply(2 * RoundingModel.UNIT_ROUNDOFF, VectorNorms.norm2Upper(output));
    return UpwardArithmetic.add(
        UpwardArithmetic.add(UpwardArithmetic.multiply(constant, inputErrors[0]), rounding),
        RoundingModel.underflowAllowance(output.length));
  }
}
