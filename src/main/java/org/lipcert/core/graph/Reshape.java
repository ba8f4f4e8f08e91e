package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Norm;

/**
 * A change of shape that keeps the row-major order of the elements: Flatten, Reshape, Squeeze,
 * Identity. An isometry, so its Lipschitz constant is exactly 1.
 */
public final class Reshape implements Operation {

  private final String opType;
  private final Shape target;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports, e.g. {@code flatten}
   * @param target the output shape, or {@code null} to flatten to a vector
   */
  public Reshape(String opType, Shape target) {
    this.opType = opType;
    this.target = target;
  }

  /** Returns a flatten operation: any shape to the vector of its elements. */
  public static Reshape flatten(String opType) {
    return new Reshape(opType, null);
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
    if (target == null) {
      return Shape.of(inputShapes[0].size());
    }
    if (target.size() != inputShapes[0].size()) {
      throw new InvalidModelException(
          "cannot reshape "
              + inputShapes[0]
              + " ("
              + inputShapes[0].size()
              + " elements) to "
              + target
              + " ("
              + target.size()
              + " elements)");
    }
    return target;
  }

  /** Returns 1 in every norm: the flattened values are unchanged. */
  @Override
  public double lipschitzConstant(Norm norm) {
    return 1;
  }

  /** Returns 1: a reshape is an isometry. */
  @Override
  public double lipschitzConstant() {
    return 1;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    return inputs[0].clone();
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    return tangents[0].clone();
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    return new double[][] {cotangent.clone()};
  }

  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    return inputErrors[0];
  }
}
