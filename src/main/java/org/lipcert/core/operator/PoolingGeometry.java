package org.lipcert.core.operator;

import org.lipcert.core.InvalidModelException;

/**
 * The windows of a 2-D pooling over {@code C × H × W} (ONNX {@code AveragePool} / {@code MaxPool},
 * PyTorch {@code AvgPool2d} / {@code MaxPool2d}): output {@code (i, j)} pools the taps {@code (i·s₁
 * + a·d₁ − p_top, j·s₂ + b·d₂ − p_left)}, {@code a < kh}, {@code b < kw}. Taps in the padding are
 * skipped (MaxPool) or counted only when {@code count_include_pad} (AveragePool).
 *
 * <p>The output size per axis is {@code ⌊(n + p_b + p_e − d(k − 1) − 1)/s⌋ + 1}, or with {@code
 * ceil_mode} the ceiling, dropping a last window that would start past the input and its left
 * padding (PyTorch's rule). A 1-D pooling is the 2-D one with a unit first axis.
 *
 * <p>Windows are products of per-axis intervals, which is what makes pooling operators Kronecker
 * products of per-axis factors ({@link #axisTaps}).
 *
 * @param channels {@code C}
 * @param inputHeight {@code H}
 * @param inputWidth {@code W}
 * @param kernelHeight {@code kh}
 * @param kernelWidth {@code kw}
 * @param strideHeight {@code s₁}
 * @param strideWidth {@code s₂}
 * @param dilationHeight {@code d₁}
 * @param dilationWidth {@code d₂}
 * @param padTop padding before the first axis
 * @param padLeft padding before the second axis
 * @param padBottom padding after the first axis
 * @param padRight padding after the second axis
 * @param ceilMode whether partial windows at the end are kept
 */
public record PoolingGeometry(
    int channels,
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
    int padRight,
    boolean ceilMode) {

  /**
   * Validates the geometry.
   *
   * @throws InvalidModelException if a size is not positive, a padding negative or at least the
   *     kernel, or the output empty
   */
  public PoolingGeometry {
    if (channels < 1
        || inputHeight < 1
        || inputWidth < 1
        || kernelHeight < 1
        || kernelWidth < 1
        || strideHeight < 1
        || strideWidth < 1
        || dilationHeight < 1
        || dilationWidth < 1) {
      throw new InvalidModelException("pooling sizes, strides and dilations must be positive");
    }
    if (padTop < 0 || padLeft < 0 || padBottom < 0 || padRight < 0) {
      throw new InvalidModelException("pooling padding must not be negative");
    }
    if (Math.max(padTop, padBottom) >= kernelHeight || Math.max(padLeft, padRight) >= kernelWidth) {
      throw new InvalidModelException("pooling padding must be smaller than the kernel");
    }
    if (outputSize(
                inputHeight,
                kernelHeight,
                strideHeight,
                dilationHeight,
                padTop,
                padBottom,
                ceilMode)
            < 1
        || outputSize(
                inputWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight, ceilMode)
            < 1) {
      throw new InvalidModelException(
          "the pooling window "
              + kernelHeight
              + "×"
              + kernelWidth
              + " does not fit the padded input "
              + (inputHeight + padTop + padBottom)
              + "×"
              + (inputWidth + padLeft + padRight));
    }
  }

  /** Returns the output height. */
  public int outputHeight() {
    return outputSize(
        inputHeight, kernelHeight, strideHeight, dilationHeight, padTop, padBottom, ceilMode);
  }

  /** Returns the output width. */
  public int outputWidth() {
    return outputSize(
        inputWidth, kernelWidth, strideWidth, dilationWidth, padLeft, padRight, ceilMode);
  }

  /** Returns the output size along one axis, floor or ceiling mode. */
  public static int outputSize(int n, int k, int s, int d, int padBegin, int padEnd, boolean ceil) {
    long span = (long) n + padBegin + padEnd - (long) d * (k - 1) - 1;
    if (span < 0) {
      return 0;
    }
    long out = (ceil ? (span + s - 1) / s : span / s) + 1;
    if (ceil && (out - 1) * s >= (long) n + padBegin) {
      out--;
    }
    return (int) out;
  }

  /**
   * Returns, for each output position along one axis, the input positions of its taps that lie
   * inside the input, in tap order.
   *
   * @param height {@code true} for the first axis, {@code false} for the second
   * @return one array of input positions per output position
   */
  public int[][] axisTaps(boolean height) {
    int n = height ? inputHeight : inputWidth;
    int k = height ? kernelHeight : kernelWidth;
    int s = height ? strideHeight : strideWidth;
    int d = height ? dilationHeight : dilationWidth;
    int p = height ? padTop : padLeft;
    int out = height ? outputHeight() : outputWidth();
    int[][] taps = new int[out][];
    for (int i = 0; i < out; i++) {
      int count = 0;
      int[] buffer = new int[k];
      for (int a = 0; a < k; a++) {
        int position = i * s + a * d - p;
        if (position >= 0 && position < n) {
          buffer[count++] = position;
        }
      }
      taps[i] = java.util.Arrays.copyOf(buffer, count);
    }
    return taps;
  }

  /**
   * Returns, for each output position along one axis, the number of its taps inside the input or
   * its padding (not past the padding, where {@code ceil_mode} windows can reach): the divisor of
   * {@code count_include_pad}.
   */
  public int[] axisPaddedCounts(boolean height) {
    int n = height ? inputHeight : inputWidth;
    int k = height ? kernelHeight : kernelWidth;
    int s = height ? strideHeight : strideWidth;
    int d = height ? dilationHeight : dilationWidth;
    int pb = height ? padTop : padLeft;
    int pe = height ? padBottom : padRight;
    int out = height ? outputHeight() : outputWidth();
    int[] counts = new int[out];
    for (int i = 0; i < out; i++) {
      for (int a = 0; a < k; a++) {
        int position = i * s + a * d - pb;
        if (position >= -pb && position < n + pe) {
          counts[i]++;
        }
      }
    }
    return counts;
  }

  /**
   * Returns the largest number of windows along one axis that contain one input position.
   *
   * @param height {@code true} for the first axis
   * @return {@code max_r |{i : r ∈ window(i)}|}
   */
  public int maxWindowsPerInput(boolean height) {
    int n = height ? inputHeight : inputWidth;
    int[] count = new int[n];
    int max = 0;
    for (int[] window : axisTaps(height)) {
      for (int r : window) {
        max = Math.max(max, ++count[r]);
      }
    }
    return max;
  }
}
