package org.lipcert.core.graph;

import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.PoolingGeometry;

/**
 * Max pooling on {@code C × H × W}: each output is the largest of its window's taps inside the
 * input (padding taps are {@code −∞}, ONNX and PyTorch semantics).
 *
 * <p><b>Exact Lipschitz constant (ℓ2).</b> Let {@code m = max_r |{windows ∋ r}|}. Since {@code
 * |max_w x − max_w x'| ≤ max_{r ∈ w}|x_r − x'_r|}, {@code ‖Δy‖² ≤ Σ_w Σ_{r ∈ w} |Δx_r|² ≤ m‖Δx‖²}.
 * Conversely, if {@code x_r} is the strict maximum of every window containing it, moving it by
 * {@code h} moves {@code m} outputs by {@code h}: the quotient is {@code √m}. So the constant is
 * exactly {@code √m}, which on the real shape is the product of the per-axis maxima (windows are
 * products of intervals) and at most {@code √(Π⌈k_i·gcd(s_i, d_i)/s_i⌉)} (DESIGN §1).
 */
public final class MaxPool implements Operation {

  private final String opType;
  private final PoolingGeometry geometry;
  private final int[][] tapsH;
  private final int[][] tapsW;
  private final long windowsPerInput;

  /**
   * Creates the operation.
   *
   * @param opType the type shown in reports
   * @param geometry the windows
   * @throws InvalidModelException if a window holds no input element
   */
  public MaxPool(String opType, PoolingGeometry geometry) {
    this.opType = opType;
    this.geometry = geometry;
    this.tapsH = geometry.axisTaps(true);
    this.tapsW = geometry.axisTaps(false);
    for (int[] taps : tapsH) {
      if (taps.length == 0) {
        throw new InvalidModelException("a max-pooling window lies entirely in the padding");
      }
    }
    for (int[] taps : tapsW) {
      if (taps.length == 0) {
        throw new InvalidModelException("a max-pooling window lies entirely in the padding");
      }
    }
    this.windowsPerInput =
        (long) geometry.maxWindowsPerInput(true) * geometry.maxWindowsPerInput(false);
  }

  /** Returns the windows. */
  public PoolingGeometry geometry() {
    return geometry;
  }

  /** Returns {@code m}, the most windows containing one input element on this shape. */
  public long windowsPerInput() {
    return windowsPerInput;
  }

  /** Returns {@code √m} rounded up: the certified (and exact) Lipschitz constant. */
  public double lipschitzUpperBound() {
    return UpwardArithmetic.sqrt(windowsPerInput);
  }

  /**
   * Returns the exact constant in the given norm: {@code m} in ℓ1 (an input entry reaches at most
   * {@code m} outputs, each moving by at most its change: {@code ‖Δy‖₁ ≤ m‖Δx‖₁}; attained by
   * raising one entry that is the maximum of all its windows), {@code √m} in ℓ2, 1 in ℓ∞ ({@code
   * |max a − max b| ≤ max|a − b|}); rounded up.
   *
   * @param norm the norm
   * @return the constant
   */
  @Override
  public double lipschitzConstant(Norm norm) {
    return switch (norm) {
      case L1 -> windowsPerInput;
      case L2 -> lipschitzUpperBound();
      case LINF -> 1;
    };
  }

  /** Returns {@code √m} rounded down: a witnessed lower bound on the constant. */
  public double lipschitzLowerBound() {
    return UpwardArithmetic.sqrtDown(windowsPerInput);
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
    Shape in = inputShapes[0];
    Shape planar = Shape.of(geometry.channels(), geometry.inputHeight(), geometry.inputWidth());
    Shape linear = Shape.of(geometry.channels(), geometry.inputWidth());
    boolean matches = in.equals(planar) || (geometry.inputHeight() == 1 && in.equals(linear));
    if (!matches) {
      throw new InvalidModelException(
          "expects an input of "
              + geometry.channels()
              + "×"
              + geometry.inputHeight()
              + "×"
              + geometry.inputWidth()
              + ", got "
              + in);
    }
    return in.rank() == 2
        ? Shape.of(geometry.channels(), geometry.outputWidth())
        : Shape.of(geometry.channels(), geometry.outputHeight(), geometry.outputWidth());
  }

  /** Returns, for every output, the input index of its maximum (the first one on ties). */
  private int[] argmax(double[] x) {
    int h = geometry.inputHeight();
    int w = geometry.inputWidth();
    int ho = tapsH.length;
    int wo = tapsW.length;
    int[] best = new int[geometry.channels() * ho * wo];
    for (int c = 0; c < geometry.channels(); c++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          int arg = -1;
          for (int r : tapsH[i]) {
            for (int q : tapsW[j]) {
              int index = (c * h + r) * w + q;
              if (arg < 0 || x[index] > x[arg]) {
                arg = index;
              }
            }
          }
          best[(c * ho + i) * wo + j] = arg;
        }
      }
    }
    return best;
  }

  /** Returns {@code √m}, rounded up. */
  @Override
  public double lipschitzConstant() {
    return lipschitzUpperBound();
  }

  @Override
  public double[] evaluate(double[][] inputs) {
    double[] x = inputs[0];
    int[] arg = argmax(x);
    double[] y = new double[arg.length];
    for (int o = 0; o < arg.length; o++) {
      y[o] = x[arg[o]];
    }
    return y;
  }

  @Override
  public double[] jvp(double[][] inputs, double[][] tangents) {
    int[] arg = argmax(inputs[0]);
    double[] y = new double[arg.length];
    for (int o = 0; o < arg.length; o++) {
      y[o] = tangents[0][arg[o]];
    }
    return y;
  }

  @Override
  public double[][] vjp(double[][] inputs, double[] cotangent) {
    int[] arg = argmax(inputs[0]);
    double[] x = new double[inputs[0].length];
    for (int o = 0; o < arg.length; o++) {
      x[arg[o]] += cotangent[o];
    }
    return new double[][] {x};
  }

  /**
   * Maxima are exact in floating point; the input error propagates with the constant {@code √m}.
   */
  @Override
  public double roundingError(double[][] inputs, double[] inputErrors, double[] output) {
    return UpwardArithmetic.multiply(lipschitzUpperBound(), inputErrors[0]);
  }
}
