package org.lipcert.core.spectral;

import java.util.Arrays;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.LinearOperator;

/**
 * One frequency of a 2-D convolution made circular along one spatial axis: the 1-D zero-padded
 * convolution along the other axis ("exact axis") whose taps are the kernel's polyphase transform
 * along the circular axis, scaled by {@code 2⁻ᵉ} and embedded as real matrices ({@link
 * SectionBound} has the proof that these operators bound the convolution).
 *
 * <p>For the circular axis with grid {@code N}, stride {@code s}, dilation {@code d}, {@code M =
 * N/s} and row frequency {@code ω < M} with twist {@code τ ∈ {0, ½}}, tap {@code q} along the exact
 * axis is the {@code C_out × (s·C_in)} complex matrix {@code B_q[o][(j, c)] = Σ_a K[o, c, a, q]
 * e^{2πi·a·d·(ω + jM + τ)/N}} (axes of {@code K} in the order of the geometry). Output position
 * {@code x_o} along the exact axis reads input positions {@code x_o·s_e + q·d_e − p_e}, zero
 * outside the input. Vectors are position-major: position {@code x} holds {@code [Re; Im]} of the
 * {@code s·C_in} (input) or {@code C_out} (output) complex values, or only the real parts when
 * every tap is real ({@link #isReal()}).
 *
 * <p><b>Rounding.</b> Each complex entry is within {@code (136 + kh + kw)·u·Σ_a|K[o, c, a, q]|} of
 * the exact transform (the error analysis of {@link CircularEmbeddingBound}, of which this is the
 * first of its two separable sums), so the computed operator {@code Â} satisfies {@code ‖A − Â‖₂ ≤
 * Σ_q ‖E_q‖_F =: } {@link #entryError()}, in the units of the convolution (a shifted block-diagonal
 * operator has the norm of its block). Scaling by {@code 2⁻ᵉ} is exact but for subnormal entries,
 * each off by at most {@code 2⁻¹⁰⁷⁵}, added to the same bound after unscaling.
 */
final class SectionOperator implements LinearOperator {

  private final int positionsIn;
  private final int positionsOut;
  private final int widthIn;
  private final int widthOut;
  private final int stride;
  private final int dilation;
  private final int padBegin;
  private final double[][] taps;
  private final boolean real;
  private final int exponent;
  private final double entryError;

  private SectionOperator(
      int positionsIn,
      int positionsOut,
      int widthIn,
      int widthOut,
      int stride,
      int dilation,
      int padBegin,
      double[][] taps,
      boolean real,
      int exponent,
      double entryError) {
    this.positionsIn = positionsIn;
    this.positionsOut = positionsOut;
    this.widthIn = widthIn;
    this.widthOut = widthOut;
    this.stride = stride;
    this.dilation = dilation;
    this.padBegin = padBegin;
    this.taps = taps;
    this.real = real;
    this.exponent = exponent;
    this.entryError = entryError;
  }

  /**
   * Builds the operator of one group at one frequency of the circular axis.
   *
   * @param convolution the convolution
   * @param group the group
   * @param circularAxis 0 to make the height circular (the exact axis is the width), 1 for the
   *     width
   * @param grid the grid size {@code N} of the circular axis, a multiple of its stride
   * @param twisted whether the frequencies are shifted by half a step
   * @param frequency {@code ω} in {@code [0, N/s)}
   * @return the operator, or {@code null} if every tap is zero
   */
  static SectionOperator of(
      Convolution convolution,
      int group,
      int circularAxis,
      int grid,
      boolean twisted,
      int frequency) {
    ConvolutionGeometry g = convolution.geometry();
    boolean heightCircular = circularAxis == 0;
    int kc = heightCircular ? g.kernelHeight() : g.kernelWidth();
    int ke = heightCircular ? g.kernelWidth() : g.kernelHeight();
    int sc = heightCircular ? g.strideHeight() : g.strideWidth();
    int dc = heightCircular ? g.dilationHeight() : g.dilationWidth();
    int cinG = g.inChannelsPerGroup();
    int coutG = g.outChannelsPerGroup();
    int cols = sc * cinG;
    int m = grid / sc;
    int twist = twisted ? 1 : 0;
    double[] cos = new double[kc * sc];
    double[] sin = new double[kc * sc];
    for (int j = 0; j < sc; j++) {
      long nu = frequency + (long) j * m;
      for (int a = 0; a < kc; a++) {
        // the phase 2π·a·d·(ν + τ)/N as the exact integer p = a·d·(2ν + 2τ) mod 2N
        long p = ((long) a * dc * (2 * nu + twist)) % (2L * grid);
        double angle = 2 * Math.PI * p / (2.0 * grid);
        cos[j * kc + a] = Math.cos(angle);
        sin[j * kc + a] = Math.sin(angle);
      }
    }
    double[][] re = new double[ke][coutG * cols];
    double[][] im = new double[ke][coutG * cols];
    double errorFactor =
        (136.0 + g.kernelHeight() + g.kernelWidth()) * RoundingModel.UNIT_ROUNDOFF * 1.01;
    double maxAbs = 0;
    boolean real = true;
    double[] absoluteSums = new double[ke * coutG * cinG];
    for (int ol = 0; ol < coutG; ol++) {
      int o = group * coutG + ol;
      for (int c = 0; c < cinG; c++) {
        for (int q = 0; q < ke; q++) {
          double abs = 0;
          for (int a = 0; a < kc; a++) {
            abs +=
                Math.abs(
                    heightCircular
                        ? convolution.kernel(o, c, a, q)
                        : convolution.kernel(o, c, q, a));
          }
          absoluteSums[(q * coutG + ol) * cinG + c] = abs;
          for (int j = 0; j < sc; j++) {
            double sr = 0;
            double si = 0;
            for (int a = 0; a < kc; a++) {
              double k =
                  heightCircular ? convolution.kernel(o, c, a, q) : convolution.kernel(o, c, q, a);
              sr += k * cos[j * kc + a];
              si += k * sin[j * kc + a];
            }
            int index = ol * cols + j * cinG + c;
            re[q][index] = sr;
            im[q][index] = si;
            maxAbs = Math.max(maxAbs, Math.max(Math.abs(sr), Math.abs(si)));
            real &= si == 0;
          }
        }
      }
    }
    if (maxAbs == 0) {
      return null;
    }
    int exponent = Math.getExponent(maxAbs);
    int widthIn = real ? cols : 2 * cols;
    int widthOut = real ? coutG : 2 * coutG;
    double[][] taps = new double[ke][widthOut * widthIn];
    double entryError = 0;
    for (int q = 0; q < ke; q++) {
      for (int o = 0; o < coutG; o++) {
        for (int col = 0; col < cols; col++) {
          double r = Math.scalb(re[q][o * cols + col], -exponent);
          double i = Math.scalb(im[q][o * cols + col], -exponent);
          if (real) {
            taps[q][o * widthIn + col] = r;
          } else {
            taps[q][o * widthIn + col] = r;
            taps[q][o * widthIn + cols + col] = -i;
            taps[q][(coutG + o) * widthIn + col] = i;
            taps[q][(coutG + o) * widthIn + cols + col] = r;
          }
        }
      }
      // the error's squares are summed at the scale of the taps, so that none underflows
      double squares = 0;
      for (int i = 0; i < coutG * cinG; i++) {
        double e = errorFactor * Math.scalb(absoluteSums[q * coutG * cinG + i], -exponent);
        squares += sc * e * e;
      }
      double tapError =
          Math.scalb(UpwardArithmetic.multiply(UpwardArithmetic.sqrt(squares), 1.01), exponent);
      double scaling = Math.scalb(Math.sqrt(4.0 * coutG * cols) * 0x1p-1074, exponent);
      // weights below 2⁻¹⁰²² lose up to 2⁻¹⁰⁷⁵ each when scaled: covered by an absolute term
      double subnormal = (double) kc * coutG * cols * errorFactor * Double.MIN_VALUE;
      entryError =
          UpwardArithmetic.add(
              entryError, UpwardArithmetic.add(UpwardArithmetic.add(tapError, scaling), subnormal));
    }
    boolean heightExact = !heightCircular;
    return new SectionOperator(
        heightExact ? g.inputHeight() : g.inputWidth(),
        heightExact ? g.outputHeight() : g.outputWidth(),
        widthIn,
        widthOut,
        heightExact ? g.strideHeight() : g.strideWidth(),
        heightExact ? g.dilationHeight() : g.dilationWidth(),
        heightExact ? g.padTop() : g.padLeft(),
        taps,
        real,
        exponent,
        UpwardArithmetic.multiply(entryError, 1.01));
  }

  /** Returns whether every tap is real, so that vectors hold real parts only. */
  boolean isReal() {
    return real;
  }

  /** Returns {@code e}: the operator is {@code 2⁻ᵉ} times the transform. */
  int exponent() {
    return exponent;
  }

  /** Returns a bound on {@code ‖A − 2ᵉÂ‖₂}, in the units of the convolution. */
  double entryError() {
    return entryError;
  }

  /** Returns the number of input positions along the exact axis. */
  int positionsIn() {
    return positionsIn;
  }

  /** Returns the number of real values per input position. */
  int widthIn() {
    return widthIn;
  }

  /** Returns the input position read by tap {@code q} at output position {@code xo}, or −1. */
  private int source(int xo, int q) {
    int x = xo * stride + q * dilation - padBegin;
    return x >= 0 && x < positionsIn ? x : -1;
  }

  @Override
  public int inputSize() {
    return positionsIn * widthIn;
  }

  @Override
  public int outputSize() {
    return positionsOut * widthOut;
  }

  @Override
  public void apply(double[] x, double[] y) {
    Arrays.fill(y, 0, outputSize(), 0);
    for (int xo = 0; xo < positionsOut; xo++) {
      for (int q = 0; q < taps.length; q++) {
        int xi = source(xo, q);
        if (xi < 0) {
          continue;
        }
        double[] tap = taps[q];
        int in = xi * widthIn;
        int out = xo * widthOut;
        for (int r = 0; r < widthOut; r++) {
          double sum = 0;
          int row = r * widthIn;
          for (int c = 0; c < widthIn; c++) {
            sum += tap[row + c] * x[in + c];
          }
          y[out + r] += sum;
        }
      }
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    Arrays.fill(x, 0, inputSize(), 0);
    for (int xo = 0; xo < positionsOut; xo++) {
      for (int q = 0; q < taps.length; q++) {
        int xi = source(xo, q);
        if (xi < 0) {
          continue;
        }
        double[] tap = taps[q];
        int in = xi * widthIn;
        int out = xo * widthOut;
        for (int r = 0; r < widthOut; r++) {
          double v = y[out + r];
          int row = r * widthIn;
          for (int c = 0; c < widthIn; c++) {
            x[in + c] += tap[row + c] * v;
          }
        }
      }
    }
  }

  @Override
  public int termsPerOutput() {
    return taps.length * widthIn;
  }

  /** Returns {@code ‖A‖_F ≥ ‖A‖₂ = ‖|A|‖₂}-style bound: the Frobenius norm, rounded up. */
  @Override
  public double absoluteNormUpperBound() {
    return UpwardArithmetic.sqrt(frobeniusSquaredUpper());
  }

  /** Returns an upper bound on {@code ‖Â‖_F²}: each tap's squared norm times its uses. */
  private double frobeniusSquaredUpper() {
    double total = 0;
    for (int q = 0; q < taps.length; q++) {
      int uses = 0;
      for (int xo = 0; xo < positionsOut; xo++) {
        if (source(xo, q) >= 0) {
          uses++;
        }
      }
      double squares = 0;
      for (double t : taps[q]) {
        squares += t * t;
      }
      squares *= 1 + RoundingModel.gamma(taps[q].length + 1L);
      total = UpwardArithmetic.add(total, UpwardArithmetic.multiply(squares, uses));
    }
    return total;
  }

  /**
   * Returns {@code fl(ÂᵀÂ)} as a symmetric band matrix, with a bound on its rounding error.
   *
   * <p>Each entry is a sum of at most {@code p = k_e·widthOut} products, so {@code |fl(G) − G| ≤
   * γ_p|Â|ᵀ|Â|} entrywise in any order of summation (Higham 2002, eq. 3.5), and {@code ‖|Â|ᵀ|Â|‖₂ ≤
   * ‖Â‖_F²}.
   */
  BandMatrix gram() {
    int ke = taps.length;
    int span = (ke - 1) * dilation;
    int n = inputSize();
    int bandwidth = Math.min(n - 1, (span + 1) * widthIn - 1);
    double[][][] products = new double[ke][ke][];
    for (int qa = 0; qa < ke; qa++) {
      for (int qb = 0; qb < ke; qb++) {
        products[qa][qb] = transposeTimes(taps[qa], taps[qb]);
      }
    }
    BandMatrix band = new BandMatrix(n, bandwidth);
    for (int xo = 0; xo < positionsOut; xo++) {
      for (int qa = 0; qa < ke; qa++) {
        int xa = source(xo, qa);
        if (xa < 0) {
          continue;
        }
        for (int qb = 0; qb < ke; qb++) {
          int xb = source(xo, qb);
          if (xb < 0 || xb > xa) {
            continue;
          }
          band.addBlock(xa * widthIn, xb * widthIn, widthIn, products[qa][qb], xa == xb);
        }
      }
    }
    double error =
        UpwardArithmetic.add(
            UpwardArithmetic.multiply(
                RoundingModel.gamma((long) ke * widthOut + 1), frobeniusSquaredUpper()),
            RoundingModel.underflowAllowance((long) ke * ke * widthOut * n));
    return band.withError(error);
  }

  /** Returns {@code PᵀQ} for row-major {@code widthOut × widthIn} matrices. */
  private double[] transposeTimes(double[] p, double[] q) {
    double[] result = new double[widthIn * widthIn];
    for (int r = 0; r < widthOut; r++) {
      int row = r * widthIn;
      for (int i = 0; i < widthIn; i++) {
        double pi = p[row + i];
        if (pi == 0) {
          continue;
        }
        int target = i * widthIn;
        for (int j = 0; j < widthIn; j++) {
          result[target + j] += pi * q[row + j];
        }
      }
    }
    return result;
  }
}
