package org.lipcert.core.operator;

import java.util.List;

/**
 * Average pooling on {@code C × H × W} (ONNX {@code AveragePool}, {@code GlobalAveragePool}):
 * output {@code (c, i, j)} is the sum of the window's taps inside the input divided by the window's
 * size — counting padding taps with {@code count_include_pad}, not counting them otherwise (DESIGN
 * §1; PyTorch semantics for {@code ceil_mode}).
 *
 * <p>The divisor of window {@code (i, j)} is a product {@code n₁(i)·n₂(j)} of per-axis counts, so
 * the operator is {@code I_C ⊗ F₁ ⊗ F₂} with the per-axis averaging matrices {@code F_k[i][r] =
 * 1/n_k(i)} for the taps {@code r} of window {@code i}: its norm is {@code ‖F₁‖₂·‖F₂‖₂} exactly
 * ({@link KroneckerFactors}). For non-overlapping full windows that is {@code 1/√(kh·kw)}.
 */
public final class AveragePool implements LinearOperator, KroneckerFactors {

  private final PoolingGeometry geometry;
  private final boolean countIncludePad;
  private final int[][] tapsH;
  private final int[][] tapsW;
  private final double[] inverseH;
  private final double[] inverseW;

  /**
   * Creates the operator.
   *
   * @param geometry the windows
   * @param countIncludePad whether padding taps count in the divisor
   */
  public AveragePool(PoolingGeometry geometry, boolean countIncludePad) {
    this.geometry = geometry;
    this.countIncludePad = countIncludePad;
    this.tapsH = geometry.axisTaps(true);
    this.tapsW = geometry.axisTaps(false);
    this.inverseH = inverses(tapsH, countIncludePad ? geometry.axisPaddedCounts(true) : null);
    this.inverseW = inverses(tapsW, countIncludePad ? geometry.axisPaddedCounts(false) : null);
  }

  /** Returns global average pooling over the spatial axes of {@code C × H × W}. */
  public static AveragePool global(int channels, int height, int width) {
    return new AveragePool(
        new PoolingGeometry(channels, height, width, height, width, 1, 1, 1, 1, 0, 0, 0, 0, false),
        false);
  }

  private static double[] inverses(int[][] taps, int[] paddedCounts) {
    double[] inverse = new double[taps.length];
    for (int i = 0; i < taps.length; i++) {
      int count = paddedCounts == null ? taps[i].length : paddedCounts[i];
      inverse[i] = count == 0 ? 0 : 1.0 / count;
    }
    return inverse;
  }

  /** Returns the windows. */
  public PoolingGeometry geometry() {
    return geometry;
  }

  /** Returns whether padding taps count in the divisor. */
  public boolean countIncludePad() {
    return countIncludePad;
  }

  /** Returns this operator: its entries are non-negative, {@code |A| = A}. */
  @Override
  public AveragePool absolute() {
    return this;
  }

  @Override
  public int inputSize() {
    return geometry.channels() * geometry.inputHeight() * geometry.inputWidth();
  }

  @Override
  public int outputSize() {
    return geometry.channels() * geometry.outputHeight() * geometry.outputWidth();
  }

  @Override
  public void apply(double[] x, double[] y) {
    int h = geometry.inputHeight();
    int w = geometry.inputWidth();
    int ho = tapsH.length;
    int wo = tapsW.length;
    for (int c = 0; c < geometry.channels(); c++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          double sum = 0;
          for (int r : tapsH[i]) {
            int row = (c * h + r) * w;
            for (int q : tapsW[j]) {
              sum += x[row + q];
            }
          }
          y[(c * ho + i) * wo + j] = sum * (inverseH[i] * inverseW[j]);
        }
      }
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    int h = geometry.inputHeight();
    int w = geometry.inputWidth();
    int ho = tapsH.length;
    int wo = tapsW.length;
    java.util.Arrays.fill(x, 0, inputSize(), 0.0);
    for (int c = 0; c < geometry.channels(); c++) {
      for (int i = 0; i < ho; i++) {
        for (int j = 0; j < wo; j++) {
          double value = y[(c * ho + i) * wo + j] * (inverseH[i] * inverseW[j]);
          for (int r : tapsH[i]) {
            int row = (c * h + r) * w;
            for (int q : tapsW[j]) {
              x[row + q] += value;
            }
          }
        }
      }
    }
  }

  /** Returns the window size plus the two roundings of the factor {@code 1/n₁(i)·1/n₂(j)}. */
  @Override
  public int termsPerOutput() {
    return geometry.kernelHeight() * geometry.kernelWidth() + 3;
  }

  /** Returns {@code ‖F₁‖_F·‖F₂‖_F}, rounded up: a cheap bound on {@code ‖|A|‖₂ = ‖A‖₂}. */
  @Override
  public double absoluteNormUpperBound() {
    List<DenseMatrix> factors = kroneckerFactors();
    return org.lipcert.core.numeric.UpwardArithmetic.multiply(
        factors.get(0).frobeniusNormUpperBound(), factors.get(1).frobeniusNormUpperBound());
  }

  /**
   * Returns {@code 2u}: each entry {@code fl(1/n)} is within {@code u} of {@code 1/n}, so each
   * factor is within a relative {@code u} of the exact one entrywise, hence in norm (the entries
   * are non-negative).
   */
  @Override
  public double factorRelativeError() {
    return 2 * org.lipcert.core.numeric.RoundingModel.UNIT_ROUNDOFF;
  }

  @Override
  public List<DenseMatrix> kroneckerFactors() {
    return List.of(
        factor(tapsH, inverseH, geometry.inputHeight()),
        factor(tapsW, inverseW, geometry.inputWidth()));
  }

  private static DenseMatrix factor(int[][] taps, double[] inverse, int n) {
    double[] data = new double[taps.length * n];
    for (int i = 0; i < taps.length; i++) {
      for (int r : taps[i]) {
        data[i * n + r] += inverse[i];
      }
    }
    return DenseMatrix.of(taps.length, n, data);
  }
}
