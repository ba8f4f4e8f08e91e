package org.lipcert.core.spectral;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.LinearOperator;

/**
 * Tests that {@link OperatorNorms} brackets the norm of operators that are not dense matrices.
 *
 * <p>Test operators with known norms: a signed, permuted, rectangular diagonal {@code y_i = s_i d_i
 * x_{π(i)}} (exact norm {@code max|d_i|}, computed exactly) and a 1-D circular convolution (exact
 * norm {@code max_ω |k̂(ω)|}, computed by a direct DFT in double with relative error far below the
 * stated slack 10⁻¹³). Property: {@code lower ≤ ‖A‖(1 + 10⁻¹³)} and {@code upper ≥ ‖A‖(1 − 10⁻¹³)};
 * when the bracket reports convergence, {@code upper ≤ lower(1 + tolerance)}.
 */
class OperatorNormsTest {

  /** {@code y_i = s_i·d_i·x_{π(i)}} for {@code i < min(m, n)}, 0 otherwise. */
  private static final class PermutedDiagonal implements LinearOperator {
    private final int m;
    private final int n;
    private final double[] d;
    private final int[] permutation;

    PermutedDiagonal(Random random, int m, int n, double scale) {
      this.m = m;
      this.n = n;
      int k = Math.min(m, n);
      this.d = new double[k];
      for (int i = 0; i < k; i++) {
        d[i] = random.nextGaussian() * scale;
      }
      permutation = new int[n];
      for (int j = 0; j < n; j++) {
        permutation[j] = j;
      }
      for (int j = n - 1; j > 0; j--) {
        int r = random.nextInt(j + 1);
        int t = permutation[j];
        permutation[j] = permutation[r];
        permutation[r] = t;
      }
    }

    double exactNorm() {
      double max = 0;
      for (double v : d) {
        max = Math.max(max, Math.abs(v));
      }
      return max;
    }

    @Override
    public int inputSize() {
      return n;
    }

    @Override
    public int outputSize() {
      return m;
    }

    @Override
    public void apply(double[] x, double[] y) {
      java.util.Arrays.fill(y, 0);
      for (int i = 0; i < d.length; i++) {
        y[i] = d[i] * x[permutation[i]];
      }
    }

    @Override
    public void applyAdjoint(double[] y, double[] x) {
      java.util.Arrays.fill(x, 0);
      for (int i = 0; i < d.length; i++) {
        x[permutation[i]] = d[i] * y[i];
      }
    }

    @Override
    public int termsPerOutput() {
      return 1;
    }

    @Override
    public double absoluteNormUpperBound() {
      return exactNorm(); // |A| is a permuted diagonal too: ‖|A|‖₂ = max|d_i|, exactly
    }
  }

  /** {@code y_i = Σ_j k_j x_{(i − j) mod N}}. */
  private static final class CircularConvolution implements LinearOperator {
    private final double[] kernel;
    private final int size;

    CircularConvolution(double[] kernel, int size) {
      this.kernel = kernel.clone();
      this.size = size;
    }

    double exactNorm() {
      double max = 0;
      for (int w = 0; w < size; w++) {
        double re = 0;
        double im = 0;
        for (int j = 0; j < kernel.length; j++) {
          double angle = -2 * Math.PI * ((long) j * w % size) / size;
          re += kernel[j] * Math.cos(angle);
          im += kernel[j] * Math.sin(angle);
        }
        max = Math.max(max, Math.hypot(re, im));
      }
      return max;
    }

    @Override
    public int inputSize() {
      return size;
    }

    @Override
    public int outputSize() {
      return size;
    }

    @Override
    public void apply(double[] x, double[] y) {
      for (int i = 0; i < size; i++) {
        double sum = 0;
        for (int j = 0; j < kernel.length; j++) {
          sum += kernel[j] * x[Math.floorMod(i - j, size)];
        }
        y[i] = sum;
      }
    }

    @Override
    public void applyAdjoint(double[] y, double[] x) {
      for (int i = 0; i < size; i++) {
        double sum = 0;
        for (int j = 0; j < kernel.length; j++) {
          sum += kernel[j] * y[Math.floorMod(i + j, size)];
        }
        x[i] = sum;
      }
    }

    @Override
    public int termsPerOutput() {
      return kernel.length;
    }

    @Override
    public double absoluteNormUpperBound() {
      // |A| is the circulant of |k|, whose norm is its DFT at 0: Σ|k_j|, rounded up
      double sum = 0;
      for (double k : kernel) {
        sum = UpwardArithmetic.add(sum, Math.abs(k));
      }
      return sum;
    }
  }

  private static void assertBracketContains(SpectralBracket bracket, double exact, String what) {
    String where = what + ": " + bracket + ", exact " + exact;
    assertThat(bracket.lower())
        .as("lower ≤ ‖A‖(1 + 1e-13) for %s", where)
        .isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
    assertThat(bracket.upper())
        .as("upper ≥ ‖A‖(1 − 1e-13) for %s", where)
        .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
    if (bracket.converged()) {
      assertThat(bracket.upper())
          .as("converged ⇒ upper ≤ lower(1 + tolerance) for %s", where)
          .isLessThanOrEqualTo(bracket.lower() * (1 + 1e-6));
    }
  }

  private static void assertAdjoint(LinearOperator a, Random random) {
    double[] x = new double[a.inputSize()];
    double[] y = new double[a.outputSize()];
    for (int i = 0; i < x.length; i++) {
      x[i] = random.nextGaussian();
    }
    for (int i = 0; i < y.length; i++) {
      y[i] = random.nextGaussian();
    }
    double[] ax = new double[a.outputSize()];
    double[] aty = new double[a.inputSize()];
    a.apply(x, ax);
    a.applyAdjoint(y, aty);
    double left = 0;
    double right = 0;
    for (int i = 0; i < y.length; i++) {
      left += ax[i] * y[i];
    }
    for (int i = 0; i < x.length; i++) {
      right += x[i] * aty[i];
    }
    assertThat(Math.abs(left - right))
        .as("the test operator satisfies ⟨Ax, y⟩ = ⟨x, Aᵀy⟩")
        .isLessThanOrEqualTo(1e-10 * (1 + Math.abs(left)));
  }

  @Test
  void permutedDiagonalOperatorsAreBracketed() {
    Random random = new Random(71);
    SpectralOptions options = SpectralOptions.defaults().withMaterializeMaxDimension(0);
    for (double scale : new double[] {1, 1e-150, 1e150}) {
      for (int k = 0; k < 30; k++) {
        int m = 1 + random.nextInt(40);
        int n = 1 + random.nextInt(40);
        PermutedDiagonal a = new PermutedDiagonal(random, m, n, scale);
        assertAdjoint(a, random);
        SpectralBracket bracket = OperatorNorms.bracket(a, options.withSeed(k));
        assertBracketContains(bracket, a.exactNorm(), "permuted diagonal " + m + "×" + n);
        assertThat(bracket.method()).as("non-dense method").isEqualTo("lanczos+schur");
        assertThat(bracket.upper()).as("upper = ‖|A|‖ = ‖A‖ exactly").isEqualTo(a.exactNorm());
      }
    }
  }

  @Test
  void circularConvolutionsAreBracketed() {
    Random random = new Random(72);
    for (int k = 0; k < 40; k++) {
      int size = 4 + random.nextInt(60);
      double[] kernel = new double[1 + random.nextInt(Math.min(size, 7))];
      for (int j = 0; j < kernel.length; j++) {
        kernel[j] = random.nextGaussian();
      }
      CircularConvolution a = new CircularConvolution(kernel, size);
      assertAdjoint(a, random);
      SpectralBracket bracket = OperatorNorms.bracket(a, SpectralOptions.defaults().withSeed(k));
      assertBracketContains(bracket, a.exactNorm(), "circular convolution N = " + size);
    }
  }

  @Test
  void zeroOperatorHasTheExactBracketZero() {
    PermutedDiagonal zero = new PermutedDiagonal(new Random(1), 3, 4, 0);
    SpectralBracket bracket = OperatorNorms.bracket(zero, SpectralOptions.defaults());
    assertThat(bracket.lower()).as("lower").isZero();
    assertThat(bracket.upper()).as("upper").isZero();
  }

  @Test
  void denseMatricesAreDispatchedToTheDenseBracket() {
    DenseMatrix w = RandomMatrices.gaussian(new Random(73), 6, 5, 1);
    SpectralBracket bracket = OperatorNorms.bracket(w, SpectralOptions.defaults());
    assertThat(bracket.method()).as("dense method").isEqualTo("svd+cholesky");
    assertBracketContains(bracket, RandomMatrices.sigmaMax(w), "dense 6×5");
  }
}
