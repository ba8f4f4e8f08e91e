package org.lipcert.core.operator;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * A 1-D or 2-D convolution (cross-correlation, as in ONNX and PyTorch) with zero padding, stride,
 * dilation and groups, on a fixed input shape: the linear part of a {@code Conv} node.
 *
 * <p>The kernel is {@code C_out × (C_in/g) × kh × kw}, row-major. {@link #apply} evaluates the sum
 * of {@link ConvolutionGeometry} directly; {@link #applyAdjoint} scatters the same products back.
 * Large products split the channels between the threads of the common fork-join pool; the result is
 * the same as sequentially, bit for bit.
 */
public final class Convolution implements WeightedOperator {

  /** The multiply-adds per product above which the channels are split between threads. */
  private static final long PARALLEL_WORK = 1L << 20;

  private final ConvolutionGeometry geometry;
  private final double[] kernel;
  private final double absoluteNormUpper;

  /**
   * Creates the operator, copying the kernel.
   *
   * @param geometry the shapes
   * @param kernel {@code C_out·(C_in/g)·kh·kw} finite entries
   * @throws InvalidModelException if the kernel has the wrong size or a non-finite entry
   */
  public Convolution(ConvolutionGeometry geometry, double[] kernel) {
    if (kernel.length != geometry.kernelSize()) {
      throw new InvalidModelException(
          "the kernel has "
              + kernel.length
              + " entries, expected "
              + geometry.outChannels()
              + "×"
              + geometry.inChannelsPerGroup()
              + "×"
              + geometry.kernelHeight()
              + "×"
              + geometry.kernelWidth()
              + " = "
              + geometry.kernelSize());
    }
    for (int i = 0; i < kernel.length; i++) {
      if (!Double.isFinite(kernel[i])) {
        throw new InvalidModelException(
            "kernel entry " + i + " is " + kernel[i] + "; weights must be finite");
      }
    }
    this.geometry = geometry;
    this.kernel = kernel.clone();
    this.absoluteNormUpper = schurBound(geometry, this.kernel);
  }

  /** Returns the geometry. */
  public ConvolutionGeometry geometry() {
    return geometry;
  }

  /** Returns a copy of the kernel. */
  public double[] kernel() {
    return kernel.clone();
  }

  /** Returns kernel entry {@code K[o, c, a, b]} ({@code c} within the group). */
  public double kernel(int o, int c, int a, int b) {
    ConvolutionGeometry g = geometry;
    return kernel[((o * g.inChannelsPerGroup() + c) * g.kernelHeight() + a) * g.kernelWidth() + b];
  }

  @Override
  public int inputSize() {
    return geometry.inputSize();
  }

  @Override
  public int outputSize() {
    return geometry.outputSize();
  }

  @Override
  public void apply(double[] x, double[] y) {
    Arrays.fill(y, 0, outputSize(), 0.0);
    inParallel(geometry.outChannels(), (from, to) -> forward(x, y, from, to));
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    Arrays.fill(x, 0, inputSize(), 0.0);
    inParallel(geometry.inChannels(), (from, to) -> backward(x, y, from, to));
  }

  /** A range of channels. */
  private interface ChannelRange {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over {@code channels} split into contiguous ranges, in parallel (the common
   * fork-join pool) when a product costs more than {@link #PARALLEL_WORK} multiply-adds. Each
   * channel belongs to one range and its sums are accumulated in the same order as sequentially, so
   * the result does not depend on the split.
   */
  private void inParallel(int channels, ChannelRange task) {
    long work = (long) outputSize() * termsPerOutput();
    int parts = Math.min(channels, ForkJoinPool.getCommonPoolParallelism() + 1);
    if (work < PARALLEL_WORK || parts < 2) {
      task.run(0, channels);
      return;
    }
    IntStream.range(0, parts)
        .parallel()
        .forEach(p -> task.run(channels * p / parts, channels * (p + 1) / parts));
  }

  /**
   * Accumulates {@code y += K x} for the output channels {@code [from, to)}, weight-stationary: for
   * every kernel tap, into every output it touches.
   */
  private void forward(double[] x, double[] y, int from, int to) {
    ConvolutionGeometry g = geometry;
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho = g.outputHeight();
    int wo = g.outputWidth();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int s1 = g.strideHeight();
    int s2 = g.strideWidth();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    for (int o = from; o < to; o++) {
      int group = o / coutG;
      int yBase = o * ho * wo;
      for (int cl = 0; cl < cinG; cl++) {
        int xBase = (group * cinG + cl) * h * w;
        for (int a = 0; a < kh; a++) {
          int rowOffset = a * g.dilationHeight() - g.padTop();
          for (int b = 0; b < kw; b++) {
            double weight = kernel[((o * cinG + cl) * kh + a) * kw + b];
            if (weight == 0) {
              continue;
            }
            int colOffset = b * g.dilationWidth() - g.padLeft();
            int jStart = firstInside(colOffset, s2);
            int jEnd = lastInside(colOffset, s2, w, wo);
            for (int i = 0; i < ho; i++) {
              int row = i * s1 + rowOffset;
              if (row < 0 || row >= h) {
                continue;
              }
              int yRow = yBase + i * wo;
              int xRow = xBase + row * w + colOffset;
              if (s2 == 1) {
                for (int j = jStart; j < jEnd; j++) {
                  y[yRow + j] += weight * x[xRow + j];
                }
              } else {
                for (int j = jStart; j < jEnd; j++) {
                  y[yRow + j] += weight * x[xRow + j * s2];
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Accumulates {@code x += Kᵀ y} for the input channels {@code [from, to)}: the products of {@link
   * #forward} scattered back, for each input channel in the order of the output channels.
   */
  private void backward(double[] x, double[] y, int from, int to) {
    ConvolutionGeometry g = geometry;
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho = g.outputHeight();
    int wo = g.outputWidth();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int s1 = g.strideHeight();
    int s2 = g.strideWidth();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    for (int c = from; c < to; c++) {
      int group = c / cinG;
      int cl = c - group * cinG;
      int xBase = c * h * w;
      for (int o = group * coutG; o < (group + 1) * coutG; o++) {
        int yBase = o * ho * wo;
        for (int a = 0; a < kh; a++) {
          int rowOffset = a * g.dilationHeight() - g.padTop();
          for (int b = 0; b < kw; b++) {
            double weight = kernel[((o * cinG + cl) * kh + a) * kw + b];
            if (weight == 0) {
              continue;
            }
            int colOffset = b * g.dilationWidth() - g.padLeft();
            int jStart = firstInside(colOffset, s2);
            int jEnd = lastInside(colOffset, s2, w, wo);
            for (int i = 0; i < ho; i++) {
              int row = i * s1 + rowOffset;
              if (row < 0 || row >= h) {
                continue;
              }
              int yRow = yBase + i * wo;
              int xRow = xBase + row * w + colOffset;
              if (s2 == 1) {
                for (int j = jStart; j < jEnd; j++) {
                  x[xRow + j] += weight * y[yRow + j];
                }
              } else {
                for (int j = jStart; j < jEnd; j++) {
                  x[xRow + j * s2] += weight * y[yRow + j];
                }
              }
            }
          }
        }
      }
    }
  }

  /** Returns the first output column {@code j} with {@code j·s + offset ≥ 0}. */
  private static int firstInside(int offset, int stride) {
    return offset >= 0 ? 0 : (-offset + stride - 1) / stride;
  }

  /**
   * Returns one past the last output column with {@code j·s + offset < n}, capped at {@code wo}.
   */
  private static int lastInside(int offset, int stride, int n, int wo) {
    if (n - 1 - offset < 0) {
      return 0;
    }
    return Math.min(wo, (n - 1 - offset) / stride + 1);
  }

  /**
   * Returns the explicit matrix, built in one pass over the taps: entry {@code (output, input)}
   * accumulates the kernel weight of every tap that connects them.
   */
  @Override
  public DenseMatrix materialize() {
    int m = outputSize();
    int n = inputSize();
    if ((long) m * n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cannot materialise a " + m + " × " + n + " operator");
    }
    ConvolutionGeometry g = geometry;
    double[] data = new double[m * n];
    int h = g.inputHeight();
    int w = g.inputWidth();
    int ho = g.outputHeight();
    int wo = g.outputWidth();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    for (int o = 0; o < g.outChannels(); o++) {
      int group = o / coutG;
      for (int cl = 0; cl < cinG; cl++) {
        int c = group * cinG + cl;
        for (int a = 0; a < g.kernelHeight(); a++) {
          for (int b = 0; b < g.kernelWidth(); b++) {
            double weight = kernel(o, cl, a, b);
            for (int i = 0; i < ho; i++) {
              int row = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
              if (row < 0 || row >= h) {
                continue;
              }
              for (int j = 0; j < wo; j++) {
                int col = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
                if (col < 0 || col >= w) {
                  continue;
                }
                data[((o * ho + i) * wo + j) * n + (c * h + row) * w + col] += weight;
              }
            }
          }
        }
      }
    }
    return DenseMatrix.of(m, n, data);
  }

  @Override
  public int termsPerOutput() {
    return geometry.inChannelsPerGroup() * geometry.kernelHeight() * geometry.kernelWidth();
  }

  /**
   * Returns {@code √(‖|A|‖₁·‖|A|‖∞)} with the row and column sums bounded by the kernel: an output
   * sums at most {@code max_o Σ_{c,a,b}|K[o,c,a,b]|}, and an input is read by each tap of each
   * output channel of its group at most once. By the Schur test {@code ‖A‖₂ ≤ ‖|A|‖₂ ≤ √(‖A‖₁‖A‖∞)}
   * (Horn &amp; Johnson, <i>Matrix Analysis</i>, 2nd ed., Thm 5.6.9 with Cor. 5.6.14).
   */
  @Override
  public double absoluteNormUpperBound() {
    return absoluteNormUpper;
  }

  /**
   * Returns {@code sqrt((C_in/g)(C_out/g)·k_h·k_w·m_h·m_w)} with {@code m = ⌈k·gcd(s, d)/s⌉} per
   * axis.
   *
   * <p>Proof. {@code ‖A‖₂² = ρ(AᵀA) ≤ ‖AᵀA‖_∞ ≤ ‖A‖₁‖A‖_∞} (any induced norm bounds the spectral
   * radius). A row of {@code A} (one output) holds at most {@code (C_in/g)·k_h·k_w} weights, so
   * {@code ‖A‖_∞ ≤ (C_in/g)·k_h·k_w·max|w|}. A column (one input entry at position {@code p}) meets
   * the {@code C_out/g} output channels of its group, each through the taps {@code j} with {@code
   * i·s + j·d − pad = p} for some output index {@code i}: {@code j·d ≡ p + pad (mod s)}, which
   * holds for {@code j} in one residue class modulo {@code s/gcd(s, d)}, so for at most {@code m =
   * ⌈k/(s/gcd(s, d))⌉} of the {@code k} taps per axis, each with one {@code i}. Hence {@code ‖A‖₁ ≤
   * (C_out/g)·m_h·m_w·max|w|}.
   */
  @Override
  public double clipGain() {
    ConvolutionGeometry g = geometry;
    long product =
        (long) g.inChannelsPerGroup()
            * g.outChannelsPerGroup()
            * g.kernelHeight()
            * g.kernelWidth()
            * g.maxTapsPerInput();
    return WeightedOperator.sqrtUpper(product);
  }

  @Override
  public Convolution mapWeights(java.util.function.DoubleUnaryOperator f) {
    double[] mapped = new double[kernel.length];
    for (int i = 0; i < mapped.length; i++) {
      mapped[i] = f.applyAsDouble(kernel[i]);
    }
    return new Convolution(geometry, mapped);
  }

  /** Returns the operator with every weight replaced by its absolute value: {@code |A|}. */
  @Override
  public Convolution absolute() {
    return mapWeights(Math::abs);
  }

  @Override
  public long parameterCount() {
    return kernel.length;
  }

  @Override
  public WeightStatistics weightStatistics() {
    return WeightStatistics.of(kernel);
  }

  private static double schurBound(ConvolutionGeometry g, double[] kernel) {
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    int taps = g.kernelHeight() * g.kernelWidth();
    double maxRow = 0;
    double[] column = new double[g.inChannels()];
    for (int o = 0; o < g.outChannels(); o++) {
      double row = 0;
      int group = o / coutG;
      for (int cl = 0; cl < cinG; cl++) {
        double sum = 0;
        for (int t = 0; t < taps; t++) {
          sum = UpwardArithmetic.add(sum, Math.abs(kernel[(o * cinG + cl) * taps + t]));
        }
        row = UpwardArithmetic.add(row, sum);
        column[group * cinG + cl] = UpwardArithmetic.add(column[group * cinG + cl], sum);
      }
      maxRow = Math.max(maxRow, row);
    }
    double maxColumn = 0;
    for (double c : column) {
      maxColumn = Math.max(maxColumn, c);
    }
    // for a fixed tap (a, b) at most one output position reads a given input element, so an
    // input's column sum is at most Σ_{o, a, b} |K[o, c, a, b]| over the output channels of its
    // group; an output's row sum is at most Σ_{c, a, b} |K[o, c, a, b]|
    return UpwardArithmetic.sqrt(UpwardArithmetic.multiply(maxRow, maxColumn));
  }
}
