package org.lipcert.core.graph;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;

/**
 * A weighted element-wise sum {@code y = Σ_k c_k x_k} of two or more input-dependent tensors of one
 * shape: a residual connection {@code x + f(x)} ({@code c = (1, 1)}), or ONNX {@code Sub} of two
 * branches ({@code c = (1, −1)}). By the triangle inequality its output's Lipschitz constant is at
 * most {@code Σ_k |c_k|·L_k}, {@code L_k} those of the inputs (DESIGN §1, "Network bounds").
 */
public final class Sum implements Operation {

  private final String opType;
  private final double[] coefficients;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports, e.g. {@code Add}
   * @param coefficients {@code c_k}, one per input, at least two, finite (copied)
   */
  public Sum(String opType, double[] coefficients) {
    if (coefficients.length < 2) {
      throw new IllegalArgumentException("a sum needs at least two inputs");
    }
    for (double c : coefficients) {
      if (!Double.isFinite(c)) {
        throw new InvalidModelException("sum coefficients must be finite");
      }
    }
    this.opType = opType;
    this.coefficients = coefficients.clone();
  }

  /** Returns the plain sum of {@code arity} inputs. */
  public static Sum of(String opType, int arity) {
    double[] ones = new double[arity];
    Arrays.fill(ones, 1);
    return new Sum(opType, ones);
  }

  /** Returns the difference {@code x₀ − x₁}. */
  public static Sum difference(String opType) {
    return new Sum(opType, new double[] {1, -1});
  }

  @Override
  public String opType() {
    return opType;
  }

  @Override
  public int arity() {
    return coefficients.length;
  }

  @Override
  public Shape outputShape(Shape[] inputShapes) {
    for (Shape shape : inputShapes) {
      if (!shape.equals(inputShapes[0])) {
        throw new InvalidModelException(
            "cannot add tensors of shapes "
                + inputShapes[0]
                + " and "
                + shape
                + "; the summands must have one shape");
      }
    }
    return inputShapes[0];
  }

  /** Returns NaN: a sum's bound depends on its inputs', see {@link #composeLipschitz}. */
  @Override
  public double lipschitzConstant() {
    return Double.NaN;
  }

  /** Returns {@code Σ_k |c_k|·L_k}, rounded up. */
  @Override
  public double composeLipschitz(double[] inputBounds, double constant) {
    double sum = 0;
    for (int k = 0; k < coefficients.length; k++) {
      sum =
          UpwardArithmetic.add(
              sum, UpwardArithmetic.multiply(Math.abs(coefficients[k]), inputBounds[k]));
    }
    return sum;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] y = new double[inputs[0].length];
    for (int k = 0; k < inputs.length; k++) {
      double c = coefficients[k];
      for (int i = 0; i < y.length; i++) {
        y[i] += c * inputs[k][i];
      }
    }
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    return evaluate(tangents);
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    double[][] result = new double[coefficients.length][];
    for (int k = 0; k < coefficients.length; k++) {
      result[k] = new double[cotangent.length];
      for (int i = 0; i < cotangent.length; i++) {
        result[k][i] = coefficients[k] * cotangent[i];
      }
    }
    return result;
  }

  /**
   * Returns {@code Σ|c_k| e_k + γ_{2·arity}·Σ|c_k|‖x̂_k‖}: the input errors scaled and added, and
   * the rounding of {@code arity} products and sums (Higham 2002, eq. 3.5).
   */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    double error = 0;
    double magnitude = 0;
    for (int k = 0; k < coefficients.length; k++) {
      double c = Math.abs(coefficients[k]);
      error = UpwardArithmetic.add(error, UpwardArithmetic.multiply(c, inputErrors[k]));
      magnitude =
          UpwardArithmetic.add(
              magnitude, UpwardArithmetic.multiply(c, VectorNorms.norm2Upper(inputs[k])));
    }
    double rounding =
        UpwardArithmetic.multiply(RoundingModel.gamma(2L * coefficients.length), magnitude);
    long operations = 2L * coefficients.length * inputs[0].length;
    return UpwardArithmetic.add(
        UpwardArithmetic.add(error, rounding), RoundingModel.underflowAllowance(operations));
  }
}
