package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.numeric.VectorNorms;

/**
 * Softmax or LogSoftmax along one axis of length {@code n} (ONNX {@code Softmax}, {@code
 * LogSoftmax}), applied independently to every slice along that axis.
 *
 * <p><b>Lipschitz constants (ℓ2).</b> The maps act slice by slice, so the constant is that of one
 * slice. Softmax: the Jacobian {@code J = diag p − ppᵀ} is symmetric positive semidefinite with
 * {@code xᵀJx = Var_p(x) ≤ (max x − min x)²/4 ≤ 1/2} for {@code ‖x‖ = 1} (Popoviciu's inequality,
 * and {@code (x_i − x_j)² ≤ 2(x_i² + x_j²) ≤ 2}); so {@code ‖J‖ ≤ 1/2}, attained for {@code p = (½,
 * ½)}. LogSoftmax: {@code J = I − 𝟙pᵀ}, {@code ‖Jx‖² = Σ_i (x_i − t)²} with {@code t = pᵀx ∈ [min
 * x, max x]}; the sum is convex in {@code t}, so it is largest at {@code t = x_j}, where writing
 * {@code x_j = cos θ} it is at most {@code n/2 + ((n − 2)/2)cos 2θ + √(n − 1) sin 2θ ≤ n}: {@code
 * ‖J‖ ≤ √n} (DESIGN §1), attained as {@code p} tends to a vertex.
 */
public final class Softmax implements Operation {

  private final String opType;
  private final boolean logarithm;
  private final int axis;
  private final Shape shape;
  private final int length;
  private final int inner;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports
   * @param logarithm {@code true} for LogSoftmax
   * @param shape the input (and output) shape
   * @param axis the axis, 0-based, without batch dimension
   * @throws InvalidModelException if the axis is outside the shape
   */
  public Softmax(String opType, boolean logarithm, Shape shape, int axis) {
    if (axis < 0 || axis >= shape.rank()) {
      throw new InvalidModelException("softmax axis " + axis + " is outside shape " + shape);
    }
    this.opType = opType;
    this.logarithm = logarithm;
    this.axis = axis;
    this.shape = shape;
    this.length = shape.dim(axis);
    int in = 1;
    for (int k = axis + 1; k < shape.rank(); k++) {
      in *= shape.dim(k);
    }
    this.inner = in;
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
    if (!inputShapes[0].equals(shape)) {
      throw new InvalidModelException("expects shape " + shape + ", got " + inputShapes[0]);
    }
    return shape;
  }

  /**
   * Returns 1/2 for Softmax and {@code √n}, rounded up, for LogSoftmax; 0 for an axis of length 1,
   * where both are constant.
   */
  @Override
  public double lipschitzConstant() {
    if (length == 1) {
      return 0;
    }
    return logarithm ? UpwardArithmetic.sqrt(length) : 0.5;
  }

  /**
   * Returns the constant in the given norm; 0 for an axis of length 1. In ℓ1 and ℓ∞ the map acts
   * slice by slice, so one slice's constant holds, and by the mean-value theorem it is {@code sup
   * ‖J‖}. Softmax: {@code J = diag p − ppᵀ} is symmetric with absolute column (and row) sums {@code
   * p_j(1 − p_j) + p_j(1 − p_j) = 2p_j(1 − p_j) ≤ 1/2}: 1/2 in both. LogSoftmax: {@code J = I −
   * 𝟙pᵀ} has absolute row sums {@code (1 − p_i) + (1 − p_i) < 2} (ℓ∞: 2) and column sums {@code (1
   * − p_j) + (n − 1)p_j = 1 + (n − 2)p_j < n − 1} for {@code n ≥ 2} (ℓ1: {@code max(1, n − 1)}),
   * both approached as {@code p} tends to a vertex. ℓ2: {@link #lipschitzConstant()}.
   *
   * @param norm the norm
   * @return the constant
   */
  @Override
  public double lipschitzConstant(Norm norm) {
    if (length == 1 || norm == Norm.L2) {
      return lipschitzConstant();
    }
    if (!logarithm) {
      return 0.5;
    }
    return norm == Norm.LINF ? 2 : Math.max(1, length - 1);
  }

  /** Calls {@code action(start, stride)} for every slice along the axis. */
  private void forEachSlice(SliceAction action) {
    int outer = shape.size() / (length * inner);
    for (int a = 0; a < outer; a++) {
      for (int b = 0; b < inner; b++) {
        action.run(a * length * inner + b, inner);
      }
    }
  }

  private interface SliceAction {
    void run(int start, int stride);
  }

  /** Returns the softmax probabilities {@code p} of every slice. */
  private double[] probabilities(double[] x) {
    double[] p = new double[x.length];
    forEachSlice(
        (start, stride) -> {
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < length; i++) {
            max = Math.max(max, x[start + i * stride]);
          }
          double sum = 0;
          for (int i = 0; i < length; i++) {
            double e = Math.exp(x[start + i * stride] - max);
            p[start + i * stride] = e;
            sum += e;
          }
          for (int i = 0; i < length; i++) {
            p[start + i * stride] /= sum;
          }
        });
    return p;
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] x = inputs[0];
    if (!logarithm) {
      return probabilities(x);
    }
    double[] y = new double[x.length];
    forEachSlice(
        (start, stride) -> {
          double max = Double.NEGATIVE_INFINITY;
          for (int i = 0; i < length; i++) {
            max = Math.max(max, x[start + i * stride]);
          }
          double sum = 0;
          for (int i = 0; i < length; i++) {
            sum += Math.exp(x[start + i * stride] - max);
          }
          double log = max + Math.log(sum);
          for (int i = 0; i < length; i++) {
            y[start + i * stride] = x[start + i * stride] - log;
          }
        });
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    double[] p = probabilities(inputs[0]);
    double[] t = tangents[0];
    double[] y = new double[t.length];
    forEachSlice(
        (start, stride) -> {
          double mean = 0;
          for (int i = 0; i < length; i++) {
            mean += p[start + i * stride] * t[start + i * stride];
          }
          for (int i = 0; i < length; i++) {
            int j = start + i * stride;
            y[j] = logarithm ? t[j] - mean : p[j] * (t[j] - mean);
          }
        });
    return y;
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    if (!logarithm) {
      return new double[][] {jvp(inputs, new double[][] {cotangent})}; // J is symmetric
    }
    double[] p = probabilities(inputs[0]);
    double[] x = new double[cotangent.length];
    forEachSlice(
        (start, stride) -> {
          double sum = 0;
          for (int i = 0; i < length; i++) {
            sum += cotangent[start + i * stride];
          }
          for (int i = 0; i < length; i++) {
            int j = start + i * stride;
            x[j] = cotangent[j] - p[j] * sum;
          }
        });
    return new double[][] {x};
  }

  /**
   * Returns {@code L·e + 16(n + 4)u·‖(|x̂| + |max| + |log Σ| + 1)‖}: the propagated input error and
   * a generous model of the evaluation's rounding ({@code n} exponentials within 1 ulp, a sum of
   * {@code n} terms, a logarithm, a division or subtraction per entry), with values at most 1 for
   * Softmax.
   */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    double[] magnitude = new double[output.length];
    for (int i = 0; i < output.length; i++) {
      magnitude[i] = logarithm ? 2 * Math.abs(inputs[0][i]) + Math.abs(output[i]) + 1 : 1;
    }
    double rounding =
        UpwardArithmetic.multiply(
            16.0 * (length + 4) * RoundingModel.UNIT_ROUNDOFF, VectorNorms.norm2Upper(magnitude));
    return UpwardArithmetic.add(
        UpwardArithmetic.multiply(lipschitzConstant(), inputErrors[0]), rounding);
  }
}
