package org.lipcert.core.operator;

import org.lipcert.core.InvalidModelException;

/**
 * A 1-D or 2-D transposed convolution ({@code ConvTranspose} in ONNX, {@code ConvTranspose2d} in
 * PyTorch) on a fixed input shape: every input element scatters {@code x[c, i, j]·W[c, o', a, b]}
 * to {@code y[o, i·s₁ + a·d₁ − p_top, j·s₂ + b·d₂ − p_left]}, {@code o} the {@code o'}-th output
 * channel of {@code c}'s group, with output size {@code s(H − 1) + output_padding + d(k − 1) + 1 −
 * p_begin − p_end} per axis.
 *
 * <p>It is exactly the adjoint of the {@link Convolution} {@link #adjointConvolution()} that reads
 * {@code y} at those positions: {@code C_out → C_in} channels, the same kernel array (whose layout
 * {@code C_in × C_out/g × kh × kw} is that convolution's {@code out × in/g × kh × kw}), stride,
 * dilation and groups, top/left padding {@code p_begin} and bottom/right padding {@code p_end −
 * output_padding}, possibly negative (rows never read). Hence {@code ‖ConvTranspose‖₂ =
 * ‖adjointConvolution‖₂}, and every bound on one is a bound on the other.
 */
public final class ConvolutionTranspose implements WeightedOperator {

  private final Convolution adjoint;
  private final int outputHeight;
  private final int outputWidth;

  /**
   * Creates the operator.
   *
   * @param inChannels {@code C_in}
   * @param outChannels {@code C_out}
   * @param groups {@code g}
   * @param input {@code [H, W]}
   * @param kernel {@code [kh, kw]}
   * @param stride {@code [s₁, s₂]}
   * @param dilation {@code [d₁, d₂]}
   * @param pads {@code [top, left, bottom, right]}
   * @param outputPadding {@code [op₁, op₂]}, each smaller than its stride or its dilation
   * @param weights {@code C_in × (C_out/g) × kh × kw} entries
   * @throws InvalidModelException if the shapes are inconsistent
   */
  public ConvolutionTranspose(
      int inChannels,
      int outChannels,
      int groups,
      int[] input,
      int[] kernel,
      int[] stride,
      int[] dilation,
      int[] pads,
      int[] outputPadding,
      double[] weights) {
    for (int axis = 0; axis < 2; axis++) {
      if (outputPadding[axis] < 0
          || (outputPadding[axis] >= stride[axis] && outputPadding[axis] >= dilation[axis])) {
        throw new InvalidModelException(
            "output_padding "
                + outputPadding[axis]
                + " must be non-negative and smaller than the stride or the dilation");
      }
    }
    this.outputHeight =
        outputSize(input[0], kernel[0], stride[0], dilation[0], pads[0], pads[2], outputPadding[0]);
    this.outputWidth =
        outputSize(input[1], kernel[1], stride[1], dilation[1], pads[1], pads[3], outputPadding[1]);
    if (outputHeight < 1 || outputWidth < 1) {
      throw new InvalidModelException(
          "the padding crops the whole output of the transposed" + " convolution");
    }
    ConvolutionGeometry geometry =
        new ConvolutionGeometry(
            outChannels,
            inChannels,
            groups,
            outputHeight,
            outputWidth,
            kernel[0],
            kernel[1],
            stride[0],
            stride[1],
            dilation[0],
            dilation[1],
            pads[0],
            pads[1],
            pads[2] - outputPadding[0],
            pads[3] - outputPadding[1]);
    if (geometry.outputHeight() != input[0] || geometry.outputWidth() != input[1]) {
      throw new IllegalStateException("adjoint geometry mismatch: " + geometry);
    }
    this.adjoint = new Convolution(geometry, weights);
  }

  private ConvolutionTranspose(Convolution adjoint, int outputHeight, int outputWidth) {
    this.adjoint = adjoint;
    this.outputHeight = outputHeight;
    this.outputWidth = outputWidth;
  }

  /** Returns the output size {@code s(n − 1) + op + d(k − 1) + 1 − p_b − p_e} along one axis. */
  public static int outputSize(int n, int k, int s, int d, int padBegin, int padEnd, int op) {
    return s * (n - 1) + op + d * (k - 1) + 1 - padBegin - padEnd;
  }

  /** Returns the convolution whose adjoint this operator is. */
  public Convolution adjointConvolution() {
    return adjoint;
  }

  /** Returns the output height. */
  public int outputHeight() {
    return outputHeight;
  }

  /** Returns the output width. */
  public int outputWidth() {
    return outputWidth;
  }

  @Override
  public int inputSize() {
    return adjoint.outputSize();
  }

  @Override
  public int outputSize() {
    return adjoint.inputSize();
  }

  @Override
  public void apply(double[] x, double[] y) {
    adjoint.applyAdjoint(x, y);
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    adjoint.apply(y, x);
  }

  /** Returns the transpose of the adjoint convolution's matrix. */
  @Override
  public DenseMatrix materialize() {
    return adjoint.materialize().transpose();
  }

  /**
   * Returns the number of products summed into one output: each output is reached by at most one
   * input position per kernel tap and input channel of its group.
   */
  @Override
  public int termsPerOutput() {
    ConvolutionGeometry g = adjoint.geometry();
    return g.outChannelsPerGroup() * g.kernelHeight() * g.kernelWidth();
  }

  /** Returns the Schur bound of the adjoint convolution; {@code ‖|A|‖₂ = ‖|Aᵀ|‖₂}. */
  @Override
  public double absoluteNormUpperBound() {
    return adjoint.absoluteNormUpperBound();
  }

  /** Returns the gain of the adjoint convolution: {@code ‖Aᵀ‖₂ = ‖A‖₂}, same weights. */
  @Override
  public double clipGain() {
    return adjoint.clipGain();
  }

  @Override
  public ConvolutionTranspose mapWeights(java.util.function.DoubleUnaryOperator f) {
    return new ConvolutionTranspose(adjoint.mapWeights(f), outputHeight, outputWidth);
  }

  /** Returns the operator with every weight replaced by its absolute value: {@code |A|}. */
  @Override
  public ConvolutionTranspose absolute() {
    return mapWeights(Math::abs);
  }

  @Override
  public long parameterCount() {
    return adjoint.parameterCount();
  }

  @Override
  public WeightStatistics weightStatistics() {
    return adjoint.weightStatistics();
  }
}
