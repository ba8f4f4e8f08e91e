package org.lipcert.core.graph;

import org.lipcert.core.activation.Activation;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;

/** An activation applied to every element of its input. */
public final class ElementwiseActivation implements Operation {

  private final String opType;
  private final Activation activation;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports, e.g. {@code relu} or {@code Relu}
   * @param activation the function
   */
  public ElementwiseActivation(String opType, Activation activation) {
    this.opType = opType;
    this.activation = activation;
  }

  /** Returns the activation function. */
  public Activation activation() {
    return activation;
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
    return inputShapes[0];
  }

  /**
   * Returns {@code sup|σ'|} in every norm: {@code |σ(a_i) − σ(b_i)| ≤ c|a_i − b_i|} entry by entry
   * gives {@code ‖σ(a) − σ(b)‖_p ≤ c‖a − b‖_p} for every {@code p}.
   */
  @Override
  public double lipschitzConstant(Norm norm) {
    return lipschitzConstant();
  }

  /** Returns the activation's {@code sup|σ'|}, rounded up. */
  @Override
  public double lipschitzConstant() {
    return activation.lipschitzConstant();
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] x = inputs[0];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = activation.value(x[i]);
    }
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    double[] x = inputs[0];
    double[] t = tangents[0];
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = activation.derivative(x[i]) * t[i];
    }
    return y;
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    return new double[][] {jvp(inputs, new double[][] {cotangent})};
  }

  /**
   * Returns {@code L·e + ‖(ε_i)‖}: the input error scaled by the Lipschitz constant {@code L}, plus
   * the evaluation errors {@link Activation#evaluationError} of the elements.
   */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    double[] x = inputs[0];
    double[] errors = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      errors[i] = activation.evaluationError(x[i], output[i]);
    }
    return UpwardArithmetic.add(
        UpwardArithmetic.multiply(activation.lipschitzConstant(), inputErrors[0]),
        VectorNorms.norm2Upper(errors));
  }
}
