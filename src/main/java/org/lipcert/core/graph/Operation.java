package org.lipcert.core.graph;

import org.lipcert.core.numeric.Norm;

/**
 * One node's computation: a map from its input tensors (flattened, row-major) to its output.
 *
 * <p>Besides evaluation, an operation provides the two Jacobian products used to search for
 * witnesses and a bound on its floating-point error used to certify them. Implementations are
 * immutable and thread-safe.
 */
public interface Operation {

  /**
   * Returns the operation type shown in reports: the ONNX op type for ONNX models ({@code Gemm},
   * {@code Relu}), the layer type for LipCert's JSON format ({@code dense}, {@code relu}).
   */
  String opType();

  /** Returns the number of inputs. */
  int arity();

  /**
   * Returns the output shape for the given input shapes, checking that they fit.
   *
   * @param inputShapes one shape per input
   * @return the output shape
   * @throws org.lipcert.core.InvalidModelException if the input shapes do not fit the operation;
   *     the message says what was expected
   */
  Shape outputShape(Shape[] inputShapes);

  /**
   * Returns a certified upper bound (ℓ2, rounded up) on the Lipschitz constant of this unary
   * operation when it has a closed form — an activation's {@code sup|σ'|}, 1 for a reshape — and
   * NaN when the certifier must bracket it numerically (an affine layer's operator norm).
   */
  double lipschitzConstant();

  /**
   * Returns a certified upper bound, rounded up, on the Lipschitz constant of this unary operation
   * from {@code (ℝⁿ, ‖·‖)} to {@code (ℝᵐ, ‖·‖)} with the given norm on both sides, or NaN when it
   * must be bracketed numerically. By default {@link #lipschitzConstant()} for ℓ2 and NaN for the
   * other norms: every operation other than an affine layer overrides it with its ℓ1 and ℓ∞
   * constants.
   *
   * @param norm the norm
   * @return the constant
   */
  default double lipschitzConstant(Norm norm) {
    return norm == Norm.L2 ? lipschitzConstant() : Double.NaN;
  }

  /**
   * Returns {@link #composeLipschitz(double[], double)} in the given norm; by default the same
   * (products and sums hold in any norm). Concatenation overrides it: its rule depends on the norm.
   *
   * @param inputBounds the bounds {@code L_k} of the inputs in that norm
   * @param constant the operation's constant in that norm
   * @param norm the norm
   * @return the bound, rounded up
   */
  default double composeLipschitz(double[] inputBounds, double constant, Norm norm) {
    return composeLipschitz(inputBounds, constant);
  }

  /**
   * Returns a certified upper bound on the Lipschitz constant of this node's output as a function
   * of the network input, given such bounds {@code L_k} for its inputs: by default {@code c·L₀} for
   * a unary operation with constant {@code c} (the composition rule {@code Lip(g∘h) ≤
   * Lip(g)·Lip(h)}). Operations with several inputs override it (sums add, concatenations add in
   * quadrature).
   *
   * @param inputBounds the bounds {@code L_k} of the inputs, in order
   * @param constant the operation's constant: {@link #lipschitzConstant()}, or the certified
   *     bracket's upper bound for an affine layer
   * @return the bound, rounded up
   */
  default double composeLipschitz(double[] inputBounds, double constant) {
    return org.lipcert.core.numeric.UpwardArithmetic.multiply(constant, inputBounds[0]);
  }

  /**
   * Evaluates the operation.
   *
   * @param inputs one array per input, not modified
   * @return a new output array
   */
  double[] evaluate(double[][] inputs);

  /**
   * Returns the Jacobian-vector product {@code Σ_i ∂f/∂x_i · t_i} at {@code inputs}.
   *
   * @param inputs the point, one array per input; not modified
   * @param tangents one tangent per input; not modified
   * @return a new array, the directional derivative of the output
   */
  double[] jvp(double[][] inputs, double[][] tangents);

  /**
   * Returns the vector-Jacobian products {@code (∂f/∂x_i)ᵀ c} at {@code inputs}.
   *
   * @param inputs the point, one array per input; not modified
   * @param cotangent a cotangent of the output; not modified
   * @return new arrays, one cotangent per input
   */
  double[][] vjp(double[][] inputs, double[] cotangent);

  /**
   * Returns a bound on {@code ‖fl(f(x̂)) − f(x)‖₂}, where {@code x̂} are the computed inputs,
   * {@code x} the exact ones with {@code ‖x̂_i − x_i‖₂ ≤ inputErrors[i]}, and {@code output =
   * fl(f(x̂))} the computed output.
   *
   * @param inputs the computed inputs {@code x̂}; not modified
   * @param inputErrors bounds on the inputs' errors
   * @param output the computed output; not modified
   * @return the output's error bound, rounded up
   */
  double roundingError(double[][] inputs, double[] inputErrors, double[] output);
}
