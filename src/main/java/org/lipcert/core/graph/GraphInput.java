package org.lipcert.core.graph;

/** The graph's input: a node with no inputs whose value is supplied by the caller. */
public final class GraphInput implements Operation {

  /** The single instance. */
  public static final GraphInput INSTANCE = new GraphInput();

  private GraphInput() {}

  @Override
  public String opType() {
    return "Input";
  }

  @Override
  public int arity() {
    return 0;
  }

  @Override
  public Shape outputShape(Shape[] inputShapes) {
    throw new UnsupportedOperationException("the input's shape is given to the graph builder");
  }

  /** Returns 1: the identity. */
  @Override
  public double lipschitzConstant() {
    return 1;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    throw new UnsupportedOperationException("the input's value is supplied by the caller");
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    throw new UnsupportedOperationException("the input's tangent is supplied by the caller");
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    return new double[0][];
  }

  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    return 0;
  }
}
