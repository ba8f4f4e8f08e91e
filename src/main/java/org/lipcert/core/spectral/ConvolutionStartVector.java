package org.lipcert.core.spectral;

import java.util.Random;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;

/**
 * A start vector for the witness search of a convolution: the dominant Fourier mode of its circular
 * embedding ({@link CircularEmbeddingBound.Peak}), windowed to the real input.
 *
 * <p>A zero-padded convolution on an {@code H × W} input has no exact Fourier mode; its dominant
 * right singular vector is close to the dominant mode of the embedding's peak frequency under an
 * envelope that vanishes at the borders, like the ground state of the discrete Dirichlet Laplacian
 * {@code sin(π(h + 1)/(H + 1))} per axis. Starting {@link LanczosIteration} there instead of at a
 * random vector cuts the products it needs by an order of magnitude on 64-channel 3×3 layers. This
 * is a search heuristic: it certifies nothing, and {@link NormWitness} turns whatever vector the
 * search ends with into a rigorous lower bound. A small seeded random component keeps the vector
 * from being exactly orthogonal to the dominant singular vector.
 */
final class ConvolutionStartVector {

  /** The relative size of the random component. */
  private static final double PERTURBATION = 1e-3;

  private ConvolutionStartVector() {}

  /**
   * Returns the windowed mode of the peak, or {@code null} when the bound found no peak or the mode
   * vanishes on the input.
   *
   * @param convolution the operator
   * @param bound its circular-embedding bound
   * @param seed the seed of the random component
   * @return a non-zero vector of length {@code convolution.inputSize()}, or {@code null}
   */
  static double[] of(Convolution convolution, CircularEmbeddingBound.Result bound, long seed) {
    CircularEmbeddingBound.Peak peak = bound.peak();
    if (peak == null) {
      return null;
    }
    ConvolutionGeometry g = convolution.geometry();
    int h = g.inputHeight();
    int w = g.inputWidth();
    int s1 = g.strideHeight();
    int s2 = g.strideWidth();
    int n1 = bound.gridHeight();
    int n2 = bound.gridWidth();
    int cinG = g.inChannelsPerGroup();
    int cols = cinG * s1 * s2;
    double[] v = peak.vector();
    double[] x = new double[convolution.inputSize()];
    double[] window1 = window(h);
    double[] window2 = window(w);
    for (int j1 = 0; j1 < s1; j1++) {
      double nu1 = peak.frequencyHeight() + j1 * (n1 / s1) + (bound.twistedHeight() ? 0.5 : 0);
      for (int j2 = 0; j2 < s2; j2++) {
        double nu2 = peak.frequencyWidth() + j2 * (n2 / s2) + (bound.twistedWidth() ? 0.5 : 0);
        for (int c = 0; c < cinG; c++) {
          int col = (j1 * s2 + j2) * cinG + c;
          double re = v[col];
          double im = v[cols + col];
          int base = (peak.group() * cinG + c) * h * w;
          for (int r = 0; r < h; r++) {
            double phase1 = nu1 * (g.padTop() + r) / n1;
            for (int q = 0; q < w; q++) {
              double angle = 2 * Math.PI * (phase1 + nu2 * (g.padLeft() + q) / n2);
              // Re((re + i·im)·e^{iφ})
              x[base + r * w + q] +=
                  window1[r] * window2[q] * (re * Math.cos(angle) - im * Math.sin(angle));
            }
          }
        }
      }
    }
    return perturbed(x, seed);
  }

  /**
   * Returns the mode of a section bound's dominant line: its Ritz vector along the exact axis times
   * the line's Fourier mode along the circular axis, windowed there; or {@code null} when it
   * vanishes on the input.
   *
   * @param convolution the operator
   * @param section its section bound
   * @param seed the seed of the random component
   * @return a non-zero vector of length {@code convolution.inputSize()}, or {@code null}
   */
  static double[] of(Convolution convolution, SectionBound.Result section, long seed) {
    double[] separable = separable(convolution, section);
    if (separable != null) {
      return perturbed(separable, seed);
    }
    SectionBound.Line line = section.peak();
    ConvolutionGeometry g = convolution.geometry();
    boolean heightCircular = section.circularAxis() == 0;
    int h = g.inputHeight();
    int w = g.inputWidth();
    int stride = heightCircular ? g.strideHeight() : g.strideWidth();
    int pad = heightCircular ? g.padTop() : g.padLeft();
    int circularSize = heightCircular ? h : w;
    int cinG = g.inChannelsPerGroup();
    int cols = stride * cinG;
    int widthIn = line.real() ? cols : 2 * cols;
    int m = line.grid() / stride;
    double[] v = line.vector();
    double[] window = window(circularSize);
    double[] x = new double[convolution.inputSize()];
    for (int c = 0; c < cinG; c++) {
      int base = (line.group() * cinG + c) * h * w;
      for (int r = 0; r < h; r++) {
        for (int q = 0; q < w; q++) {
          int position = heightCircular ? r : q;
          int exact = heightCircular ? q : r;
          double value = 0;
          for (int j = 0; j < stride; j++) {
            int col = exact * widthIn + j * cinG + c;
            double re = v[col];
            double im = line.real() ? 0 : v[col + cols];
            double angle =
                2 * Math.PI * (line.frequency() + (double) j * m) * (pad + position) / line.grid();
            value += re * Math.cos(angle) - im * Math.sin(angle);
          }
          x[base + r * w + q] = window[position] * value;
        }
      }
    }
    return perturbed(x, seed);
  }

  /**
   * Returns the product of the two lines through the dominant block, for stride 1: with {@code v(x,
   * c)} the Ritz vector of the chosen line (along the exact axis) and {@code φ(y, c)} that of the
   * line across it (along the circular axis), {@code u(y, x, c) = Re(a(y)·v(x, c))} where {@code
   * a(y) = Σ_c conj(v(x₀, c))·φ(y, c)} at the position {@code x₀} where {@code v} is largest: each
   * 1-D profile is the exact top mode of its line, where a window is only a guess. On a 64-channel
   * 3×3 layer on 32×32 this halves the Lanczos products to the stagnation point. Returns {@code
   * null} when the lines are missing, strided or from different groups.
   */
  private static double[] separable(Convolution convolution, SectionBound.Result section) {
    SectionBound.Line line = section.peak();
    SectionBound.Line across = section.across();
    ConvolutionGeometry g = convolution.geometry();
    if (across == null
        || across.group() != line.group()
        || g.strideHeight() != 1
        || g.strideWidth() != 1) {
      return null;
    }
    boolean heightCircular = section.circularAxis() == 0;
    int h = g.inputHeight();
    int w = g.inputWidth();
    int exactSize = heightCircular ? w : h;
    int circularSize = heightCircular ? h : w;
    int cinG = g.inChannelsPerGroup();
    int lineWidth = line.real() ? cinG : 2 * cinG;
    int acrossWidth = across.real() ? cinG : 2 * cinG;
    double[] v = line.vector();
    double[] phi = across.vector();
    int peak = 0;
    double largest = -1;
    for (int x = 0; x < exactSize; x++) {
      double squares = 0;
      for (int k = 0; k < lineWidth; k++) {
        squares += v[x * lineWidth + k] * v[x * lineWidth + k];
      }
      if (squares > largest) {
        largest = squares;
        peak = x;
      }
    }
    double[] envelopeRe = new double[circularSize];
    double[] envelopeIm = new double[circularSize];
    for (int y = 0; y < circularSize; y++) {
      for (int c = 0; c < cinG; c++) {
        double vr = v[peak * lineWidth + c];
        double vi = line.real() ? 0 : v[peak * lineWidth + cinG + c];
        double pr = phi[y * acrossWidth + c];
        double pi = across.real() ? 0 : phi[y * acrossWidth + cinG + c];
        envelopeRe[y] += vr * pr + vi * pi;
        envelopeIm[y] += vr * pi - vi * pr;
      }
    }
    double[] x = new double[convolution.inputSize()];
    for (int c = 0; c < cinG; c++) {
      int base = (line.group() * cinG + c) * h * w;
      for (int r = 0; r < h; r++) {
        for (int q = 0; q < w; q++) {
          int y = heightCircular ? r : q;
          int e = heightCircular ? q : r;
          double vr = v[e * lineWidth + c];
          double vi = line.real() ? 0 : v[e * lineWidth + cinG + c];
          x[base + r * w + q] = envelopeRe[y] * vr - envelopeIm[y] * vi;
        }
      }
    }
    return x;
  }

  /** Adds the seeded random component to a non-zero vector, or returns {@code null}. */
  private static double[] perturbed(double[] x, long seed) {
    double norm = VectorNorms.norm2(x);
    if (!(norm > 0) || !Double.isFinite(norm)) {
      return null;
    }
    Random random = new Random(seed);
    double[] noise = new double[x.length];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = random.nextGaussian();
    }
    double scale = PERTURBATION * norm / VectorNorms.norm2(noise);
    for (int i = 0; i < x.length; i++) {
      x[i] += scale * noise[i];
    }
    return x;
  }

  /** Returns {@code sin(π(i + 1)/(n + 1))} for {@code i < n}. */
  private static double[] window(int n) {
    double[] window = new double[n];
    for (int i = 0; i < n; i++) {
      window[i] = Math.sin(Math.PI * (i + 1) / (n + 1));
    }
    return window;
  }
}
