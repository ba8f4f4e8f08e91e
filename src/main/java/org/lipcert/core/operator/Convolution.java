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

  /** The channel count from which products run channels-last (see {@link #apply}). */
  private static final int CHANNELS_LAST_MIN = 8;

  private final ConvolutionGeometry geometry;
  private final double[] kernel;

  /** The kernel as {@code [group][a][b][c][o]}: for each tap, {@code Kᵀ} row by row. */
  private final double[] byTapInputMajor;

  /** The kernel as {@code [group][a][b][o][c]}: for each tap, {@code K} row by row. */
  private final double[] byTapOutputMajor;

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
    int cinG = geometry.inChannelsPerGroup();
    int coutG = geometry.outChannelsPerGroup();
    int taps = geometry.kernelHeight() * geometry.kernelWidth();
    this.byTapInputMajor = new double[kernel.length];
    this.byTapOutputMajor = new double[kernel.length];
    for (int o = 0; o < geometry.outChannels(); o++) {
      int group = o / coutG;
      int ol = o - group * coutG;
      for (int cl = 0; cl < cinG; cl++) {
        for (int t = 0; t < taps; t++) {
          double w = this.kernel[(o * cinG + cl) * taps + t];
          int base = (group * taps + t) * cinG * coutG;
          byTapInputMajor[base + cl * coutG + ol] = w;
          byTapOutputMajor[base + ol * cinG + cl] = w;
        }
      }
    }
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
    ConvolutionGeometry g = geometry;
    if (g.outChannelsPerGroup() >= CHANNELS_LAST_MIN) {
      double[] xl = channelsLast(x, g.inChannels(), g.inputHeight() * g.inputWidth());
      double[] yl = new double[outputSize()];
      inParallel(g.outputHeight(), (from, to) -> forwardChannelsLast(xl, yl, from, to));
      channelsFirst(yl, y, g.outChannels(), g.outputHeight() * g.outputWidth());
      return;
    }
    Arrays.fill(y, 0, outputSize(), 0.0);
    inParallel(g.outChannels(), (from, to) -> forward(x, y, from, to));
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    ConvolutionGeometry g = geometry;
    if (g.inChannelsPerGroup() >= CHANNELS_LAST_MIN) {
      double[] yl = channelsLast(y, g.outChannels(), g.outputHeight() * g.outputWidth());
      double[] xl = new double[inputSize()];
      inParallel(g.inputHeight(), (from, to) -> backwardChannelsLast(xl, yl, from, to));
      channelsFirst(xl, x, g.inChannels(), g.inputHeight() * g.inputWidth());
      return;
    }
    Arrays.fill(x, 0, inputSize(), 0.0);
    inParallel(g.inChannels(), (from, to) -> backward(x, y, from, to));
  }

  /** Returns {@code v} ({@code channels × pixels}) as {@code pixels × channels}. */
  private static double[] channelsLast(double[] v, int channels, int pixels) {
    double[] t = new double[channels * pixels];
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < pixels; p++) {
        t[p * channels + c] = v[c * pixels + p];
      }
    }
    return t;
  }

  /** Writes {@code t} ({@code pixels × channels}) into {@code v} as {@code channels × pixels}. */
  private static void channelsFirst(double[] t, double[] v, int channels, int pixels) {
    for (int c = 0; c < channels; c++) {
      for (int p = 0; p < pixels; p++) {
        v[c * pixels + p] = t[p * channels + c];
      }
    }
  }

  /**
   * Computes the output rows {@code [from, to)} channels-last: for each output pixel, each tap that
   * lands inside the input and each input channel, adds {@code x[c]·K[:, c]} to the pixel's output
   * channels, a contiguous loop over {@code C_out/g}. Each output sums its terms in the order
   * {@code (a, b, c)}, whatever the split.
   */
  private void forwardChannelsLast(double[] xl, double[] yl, int from, int to) {
    ConvolutionGeometry g = geometry;
    int h = g.inputHeight();
    int w = g.inputWidth();
    int wo = g.outputWidth();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int cin = g.inChannels();
    int cout = g.outChannels();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    int block = cinG * coutG;
    for (int i = from; i < to; i++) {
      for (int j = 0; j < wo; j++) {
        int yBase = (i * wo + j) * cout;
        for (int a = 0; a < kh; a++) {
          int row = i * g.strideHeight() + a * g.dilationHeight() - g.padTop();
          if (row < 0 || row >= h) {
            continue;
          }
          for (int b = 0; b < kw; b++) {
            int col = j * g.strideWidth() + b * g.dilationWidth() - g.padLeft();
            if (col < 0 || col >= w) {
              continue;
            }
            int xBase = (row * w + col) * cin;
            for (int group = 0; group < g.groups(); group++) {
              int kBase = (group * kh * kw + a * kw + b) * block;
              int yGroup = yBase + group * coutG;
              int xGroup = xBase + group * cinG;
              for (int cl = 0; cl < cinG; cl++) {
                double xv = xl[xGroup + cl];
                if (xv == 0) {
                  continue;
                }
                int k = kBase + cl * coutG;
                for (int ol = 0; ol < coutG; ol++) {
                  yl[yGroup + ol] += xv * byTapInputMajor[k + ol];
                }
              }
            }
          }
        }
      }
    }
  }

  /**
   * Computes the input rows {@code [from, to)} of the adjoint channels-last, gathering: for each
   * input pixel, each tap through which an output pixel reads it and each output channel, adds
   * {@code y[o]·K[o, :]} to the pixel's input channels. Each input sums its terms in the order
   * {@code (a, b, o)}, whatever the split.
   */
  private void backwardChannelsLast(double[] xl, double[] yl, int from, int to) {
    ConvolutionGeometry g = geometry;
    int w = g.inputWidth();
    int ho = g.outputHeight();
    int wo = g.outputWidth();
    int kh = g.kernelHeight();
    int kw = g.kernelWidth();
    int s1 = g.strideHeight();
    int s2 = g.strideWidth();
    int cin = g.inChannels();
    int cout = g.outChannels();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    int block = cinG * coutG;
    for (int r = from; r < to; r++) {
      for (int q = 0; q < w; q++) {
        int xBase = (r * w + q) * cin;
        for (int a = 0; a < kh; a++) {
          int rowOffset = r + g.padTop() - a * g.dilationHeight();
          if (rowOffset < 0 || rowOffset % s1 != 0 || rowOffset / s1 >= ho) {
            continue;
          }
          int i = rowOffset / s1;
          for (int b = 0; b < kw; b++) {
            int colOffset = q + g.padLeft() - b * g.dilationWidth();
            if (colOffset < 0 || colOffset % s2 != 0 || colOffset / s2 >= wo) {
              continue;
            }
            int yBase = (i * wo + colOffset / s2) * cout;
            for (int group = 0; group < g.groups(); group++) {
              int kBase = (group * kh * kw + a * kw + b) * block;
              int yGroup = yBase + group * coutG;
              int xGroup = xBase + group * cinG;
              for (int ol = 0; ol < coutG; ol++) {
                double yv = yl[yGroup + ol];
                if (yv == 0) {
                  continue;
                }
                int k = kBase + ol * cinG;
                for (int cl = 0; cl < cinG; cl++) {
                  xl[xGroup + cl] += yv * byTapOutputMajor[k + cl];
                }
              }
            }
          }
        }
      }
    }
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
