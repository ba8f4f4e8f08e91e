package org.lipcert.core.operator;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;

/**
 * The shape parameters of a 1-D or 2-D convolution in ONNX/PyTorch conventions (NCHW, batch 1):
 * {@code y[o, i, j] = Σ_{c ∈ group(o)} Σ_{a,b} K[o, c, a, b] · x[c, i·s₁ + a·d₁ − p₁, j·s₂ + b·d₂ −
 * p₂]}, zero outside the input.
 *
 * <p>A 1-D convolution is stored as a 2-D one with a first spatial axis of length 1 (input height
 * 1, kernel height 1, stride, dilation 1, no padding), so every algorithm handles one case.
 *
 * <p>The end paddings may be negative: the last input rows or columns are then never read. This
 * describes the adjoint of a {@link ConvolutionTranspose} with {@code output_padding}; ONNX's own
 * {@code Conv} pads are checked to be non-negative by the adapter.
 *
 * @param inChannels {@code C_in}
 * @param outChannels {@code C_out}
 * @param groups {@code g}, dividing both channel counts
 * @param inputHeight input size along the first spatial axis
 * @param inputWidth input size along the second spatial axis
 * @param kernelHeight kernel size along the first axis
 * @param kernelWidth kernel size along the second axis
 * @param strideHeight stride along the first axis
 * @param strideWidth stride along the second axis
 * @param dilationHeight dilation along the first axis
 * @param dilationWidth dilation along the second axis
 * @param padTop zero padding before the first axis
 * @param padLeft zero padding before the second axis
 * @param padBottom zero padding after the first axis (negative: rows never read)
 * @param padRight zero padding after the second axis (negative: columns never read)
 */
public record ConvolutionGeometry(
    int inChannels,
    int outChannels,
    int groups,
    int inputHeight,
    int inputWidth,
    int kernelHeight,
    int kernelWidth,
    int strideHeight,
    int strideWidth,
    int dilationHeight,
    int dilationWidth,
    int padTop,
    int padLeft,
    int padBottom,
    int padRight) {

  /**
   * Validates the geometry.
   *
   * @throws InvalidModelException if a size is not positive, a padding negative, the groups do not
   *     divide the channels, or the output would be empty
   */
  public ConvolutionGeometry {
    int[] positive = {
      inChannels,
      outChannels,
      groups,
      inputHeight,
      inputWidth,
      kernelHeight,
      kernelWidth,
      strideHeight,
      strideWidth,
      dilationHeight,
      dilationWidth
    };
    for (int v : positive) {
      if (v < 1) {
        throw new InvalidModelException(
            "convolution sizes, strides and dilations must be"
                + " positive: "
                + Arrays.toString(positive));
      }
    }
    if (padTop < 0 || padLeft < 0) {
      throw new InvalidModelException("padding must not be negative");
    }
    if (inChannels % groups != 0 || outChannels % groups != 0) {
      throw new InvalidModelException(
          "groups = "
              + groups
              + " must divide the input channels ("
              + inChannels
              + ") and the output channels ("
              + outChannels
              + ")");
    }
    if (outputSize(inputHeight, kernelHeight, strideHeight, dilationHeight, padTop, padBottom) < 1
        || outputSize(inputWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight) < 1) {
      throw new InvalidModelException(
          "the dilated kernel "
              + kernelHeight
              + "×"
              + kernelWidth
              + " (dilation "
              + dilationHeight
              + "×"
              + dilationWidth
              + ") does not fit the padded input "
              + (inputHeight + padTop + padBottom)
              + "×"
              + (inputWidth + padLeft + padRight));
    }
    long size = (long) inChannels * inputHeight * inputWidth;
    long outSize =
        (long) outChannels
            * outputSize(inputHeight, kernelHeight, strideHeight, dilationHeight, padTop, padBottom)
            * outputSize(inputWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight);
    if (size > Integer.MAX_VALUE || outSize > Integer.MAX_VALUE) {
      throw new InvalidModelException("the convolution's input or output exceeds 2^31 − 1 values");
    }
  }

  /**
   * Returns a 2-D geometry with symmetric parameters per axis given as arrays of length 2.
   *
   * @param inChannels {@code C_in}
   * @param outChannels {@code C_out}
   * @param groups {@code g}
   * @param input {@code [H, W]}
   * @param kernel {@code [kh, kw]}
   * @param stride {@code [s₁, s₂]}
   * @param dilation {@code [d₁, d₂]}
   * @param pads ONNX order {@code [top, left, bottom, right]}
   * @return the geometry
   */
  public static ConvolutionGeometry of2d(
      int inChannels,
      int outChannels,
      int groups,
      int[] input,
      int[] kernel,
      int[] stride,
      int[] dilation,
      int[] pads) {
    return new ConvolutionGeometry(
        inChannels,
        outChannels,
        groups,
        input[0],
        input[1],
        kernel[0],
        kernel[1],
        stride[0],
        stride[1],
        dilation[0],
        dilation[1],
        pads[0],
        pads[1],
        pads[2],
        pads[3]);
  }

  /**
   * Returns a 1-D geometry, stored as 2-D with a unit first axis.
   *
   * @param inChannels {@code C_in}
   * @param outChannels {@code C_out}
   * @param groups {@code g}
   * @param length the input length
   * @param kernel the kernel length
   * @param stride the stride
   * @param dilation the dilation
   * @param padBegin padding before
   * @param padEnd padding after
   * @return the geometry
   */
  public static ConvolutionGeometry of1d(
      int inChannels,
      int outChannels,
      int groups,
      int length,
      int kernel,
      int stride,
      int dilation,
      int padBegin,
      int padEnd) {
    return new ConvolutionGeometry(
        inChannels,
        outChannels,
        groups,
        1,
        length,
        1,
        kernel,
        1,
        stride,
        1,
        dilation,
        0,
        padBegin,
        0,
        padEnd);
  }

  /** Returns {@code ⌊(n + p_b + p_e − d(k − 1) − 1)/s⌋ + 1}, the output size along one axis. */
  public static int outputSize(int n, int k, int s, int d, int padBegin, int padEnd) {
    long span = (long) n + padBegin + padEnd - (long) d * (k - 1) - 1;
    return span < 0 ? 0 : (int) (span / s + 1);
  }

  /** Returns the output height. */
  public int outputHeight() {
    return outputSize(inputHeight, kernelHeight, strideHeight, dilationHeight, padTop, padBottom);
  }

  /** Returns the output width. */
  public int outputWidth() {
    return outputSize(inputWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight);
  }

  /** Returns {@code C_in·H·W}. */
  public int inputSize() {
    return inChannels * inputHeight * inputWidth;
  }

  /** Returns {@code C_out·H_out·W_out}. */
  public int outputSize() {
    return outChannels * outputHeight() * outputWidth();
  }

  /** Returns {@code C_in/g}, the input channels each output channel sees. */
  public int inChannelsPerGroup() {
    return inChannels / groups;
  }

  /** Returns {@code C_out/g}. */
  public int outChannelsPerGroup() {
    return outChannels / groups;
  }

  /** Returns the number of kernel entries, {@code C_out·(C_in/g)·kh·kw}. */
  public int kernelSize() {
    return outChannels * inChannelsPerGroup() * kernelHeight * kernelWidth;
  }

  /**
   * Returns the largest number of kernel taps {@code m_h·m_w} that can touch one input element,
   * {@code m = ⌈k·gcd(s, d)/s⌉} per axis: the MaxPool / weight-independent clipping constant.
   */
  public long maxTapsPerInput() {
    return (long) taps(kernelHeight, strideHeight, dilationHeight)
        * taps(kernelWidth, strideWidth, dilationWidth);
  }

  private static int taps(int k, int s, int d) {
    int g = gcd(s, d);
    return (int) (((long) k * g + s - 1) / s);
  }

  private static int gcd(int a, int b) {
    return b == 0 ? a : gcd(b, a % b);
  }
}
