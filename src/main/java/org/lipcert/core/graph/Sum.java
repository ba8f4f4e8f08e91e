package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;

/**
 * The element-wise sum of two or more input-dependent tensors of one shape, e.g. a residual
 * connection {@code x + f(x)}. By the triangle inequality its Lipschitz constant is at most the sum
 * of its inputs' constants.
 */
public final class Sum implements Operation {

  private final String opType;
  private final int arity;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports, e.g. {@code Add}
   * @param arity the number of summands, at least 2
   */
  public Sum(String opType, int arity) {
    if (arity < 2) {
      throw new IllegalArgumentException("a sum needs at least two inputs");
    }
    this.opType = opType;
    this.arity = arity;
  }

  @Override
  public String opType() {
    return opType;
  }

  @Override
  public int arity() {
    return arity;
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

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] y = inputs[0].clone();
    for (int k = 1; k < inputs.length; k++) {
      for (int i = 0; i < y.length; i++) {
        y[i] += inputs[k][i];
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
    double[][] result = new double[arity][];
    for (int k = 0; k < arity; k++) {
      result[k] = cotangent.clone();
    }
    return result;
  }

  /**
   * Returns {@code Σ e_k + γ_{arity}·Σ‖x̂_k‖}: the input errors add, and a sum of {@code arity}
   * terms is within {@code γ_{arity−1}|x̂|} of exact.
   */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    double error = 0;
    double magnitude = 0;
    for (int k = 0; k < arity; k++) {
      error = UpwardArithmetic.add(error, inputErrors[k]);
      magnitude = UpwardArithmetic.add(magnitude, VectorNorms.norm2Upper(inputs[k]));
    }
    return UpwardArithmetic.add(
        error, UpwardArithmetic.multiply(RoundingModel.gamma(arity), magnitude));
  }
}
