package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * The concatenation of input-dependent tensors along one axis (ONNX {@code Concat} of branches).
 * Since {@code ‖(f₁(x) − f₁(y), f₂(x) − f₂(y))‖² = Σ_k ‖f_k(x) − f_k(y)‖² ≤ Σ_k L_k²‖x − y‖²}, the
 * output's constant is at most {@code √(Σ_k L_k²)} (DESIGN §1, "Network bounds").
 */
public final class Concat implements Operation {

  private final String opType;
  private final int axis;
  private final Shape[] inputShapes;
  private final Shape outputShape;
  private final int outer;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports
   * @param axis the axis to concatenate along (0-based, without batch dimension)
   * @param inputShapes the shapes of the inputs, at least two (copied)
   * @throws InvalidModelException if the shapes differ off the axis
   */
  public Concat(String opType, int axis, Shape[] inputShapes) {
    if (inputShapes.length < 2) {
      throw new IllegalArgumentException("a concatenation needs at least two inputs");
    }
    this.opType = opType;
    this.axis = axis;
    this.inputShapes = inputShapes.clone();
    this.outputShape = concatenatedShape(axis, inputShapes);
    int o = 1;
    for (int k = 0; k < axis; k++) {
      o *= inputShapes[0].dim(k);
    }
    this.outer = o;
  }

  @Override
  public String opType() {
    return opType;
  }

  @Override
  public int arity() {
    return inputShapes.length;
  }

  @Override
  public Shape outputShape(Shape[] shapes) {
    for (int k = 0; k < shapes.length; k++) {
      if (!shapes[k].equals(inputShapes[k])) {
        throw new InvalidModelException(
            "input " + k + " has shape " + shapes[k] + ", expected " + inputShapes[k]);
      }
    }
    return outputShape;
  }

  private static Shape concatenatedShape(int axis, Shape[] inputShapes) {
    int[] dims = inputShapes[0].dims();
    if (axis < 0 || axis >= dims.length) {
      throw new InvalidModelException("axis " + axis + " is outside shape " + inputShapes[0]);
    }
    int total = 0;
    for (Shape shape : inputShapes) {
      int[] d = shape.dims();
      if (d.length != dims.length) {
        throw new InvalidModelException(
            "cannot concatenate shapes " + inputShapes[0] + " and " + shape);
      }
      for (int k = 0; k < d.length; k++) {
        if (k != axis && d[k] != dims[k]) {
          throw new InvalidModelException(
              "cannot concatenate shapes "
                  + inputShapes[0]
                  + " and "
                  + shape
                  + " along axis "
                  + axis);
        }
      }
      total += d[axis];
    }
    dims[axis] = total;
    return Shape.of(dims);
  }

  /** Returns NaN: see {@link #composeLipschitz}. */
  @Override
  public double lipschitzConstant() {
    return Double.NaN;
  }

  /**
   * Returns {@code Σ_k L_k} in ℓ1 ({@code ‖(a, b)‖₁ = ‖a‖₁ + ‖b‖₁}), {@code max_k L_k} in ℓ∞
   * ({@code ‖(a, b)‖_∞ = max(‖a‖_∞, ‖b‖_∞)}), {@code √(Σ_k L_k²)} in ℓ2; rounded up.
   */
  @Override
  public double composeLipschitz(double[] inputBounds, double constant, Norm norm) {
    if (norm == Norm.L1) {
      double sum = 0;
      for (double l : inputBounds) {
        sum = UpwardArithmetic.add(sum, l);
      }
      return sum;
    }
    if (norm == Norm.LINF) {
      double max = 0;
      for (double l : inputBounds) {
        max = Math.max(max, l);
      }
      return max;
    }
    return composeLipschitz(inputBounds, constant);
  }

  /** Returns NaN in every norm: see {@link #composeLipschitz(double[], double, Norm)}. */
  @Override
  public double lipschitzConstant(Norm norm) {
    return Double.NaN;
  }

  /** Returns {@code √(Σ_k L_k²)}, rounded up. */
  @Override
  public double composeLipschitz(double[] inputBounds, double constant) {
    double sum = 0;
    for (double l : inputBounds) {
      sum = UpwardArithmetic.add(sum, UpwardArithmetic.multiply(l, l));
    }
    return UpwardArithmetic.sqrt(sum);
  }

  /** Returns the number of elements of each input in one outer block: its axis length × inner. */
  private static int[] blocks(double[][] inputs, int outer) {
    int[] blocks = new int[inputs.length];
    for (int k = 0; k < inputs.length; k++) {
      blocks[k] = inputs[k].length / outer;
    }
    return blocks;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    return concatenate(inputs);
  }

  private double[] concatenate(double[][] inputs) {
    int total = 0;
    for (double[] input : inputs) {
      total += input.length;
    }
    double[] y = new double[total];
    int outer = this.outer;
    int[] blocks = blocks(inputs, outer);
    int position = 0;
    for (int a = 0; a < outer; a++) {
      for (int k = 0; k < inputs.length; k++) {
        System.arraycopy(inputs[k], a * blocks[k], y, position, blocks[k]);
        position += blocks[k];
      }
    }
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    return concatenate(tangents);
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    int outer = this.outer;
    int[] blocks = blocks(inputs, outer);
    double[][] result = new double[inputs.length][];
    for (int k = 0; k < inputs.length; k++) {
      result[k] = new double[inputs[k].length];
    }
    int position = 0;
    for (int a = 0; a < outer; a++) {
      for (int k = 0; k < inputs.length; k++) {
        System.arraycopy(cotangent, position, result[k], a * blocks[k], blocks[k]);
        position += blocks[k];
      }
    }
    return result;
  }

  /** Returns {@code √(Σ e_k²)}: concatenation is exact. */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    return composeLipschitz(inputErrors, 1);
  }
}
