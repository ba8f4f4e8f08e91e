package org.lipcert.core.operator;

import java.util.Arrays;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.VectorNorms;

/**
 * An immutable dense {@code m × n} matrix stored row-major in float64, acting as {@code y = W x}.
 *
 * <p>This is the weight of a fully connected layer in PyTorch's {@code out × in} convention. The
 * constructor rejects non-finite entries, naming the first one, so that no bound is ever computed
 * from NaN or infinity.
 */
public final class DenseMatrix implements WeightedOperator {

  private final int rows;
  private final int cols;
  private final double[] data;
  private final double frobeniusUpper;
  private final double maxAbs;

  private DenseMatrix(int rows, int cols, double[] data) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    double max = 0;
    for (double v : data) {
      max = Math.max(max, Math.abs(v));
    }
    this.maxAbs = max;
    this.frobeniusUpper = VectorNorms.norm2Upper(data);
  }

  /**
   * Creates a matrix from row-major data, copying it.
   *
   * @param rows {@code m ≥ 1}
   * @param cols {@code n ≥ 1}
   * @param rowMajor {@code m·n} finite entries, {@code W[i][j] = rowMajor[i·n + j]}; not modified
   * @return the matrix
   * @throws InvalidModelException if the sizes disagree or an entry is NaN or infinite; the message
   *     gives the offending row and column
   */
  public static DenseMatrix of(int rows, int cols, double[] rowMajor) {
    if (rows < 1 || cols < 1) {
      throw new InvalidModelException(
          "a matrix needs at least one row and one column, got " + rows + " × " + cols);
    }
    if ((long) rows * cols != rowMajor.length) {
      throw new InvalidModelException(
          "a "
              + rows
              + " × "
              + cols
              + " matrix needs "
              + (long) rows * cols
              + " entries, got "
              + rowMajor.length);
    }
    for (int k = 0; k < rowMajor.length; k++) {
      if (!Double.isFinite(rowMajor[k])) {
        throw new InvalidModelException(
            "entry ["
                + k / cols
                + "]["
                + k % cols
                + "] is "
                + rowMajor[k]
                + "; weights must be finite");
      }
    }
    return new DenseMatrix(rows, cols, rowMajor.clone());
  }

  /** Returns the number of rows {@code m}. */
  public int rows() {
    return rows;
  }

  /** Returns the number of columns {@code n}. */
  public int cols() {
    return cols;
  }

  /** Returns the entry {@code W[i][j]}. */
  public double get(int i, int j) {
    return data[i * cols + j];
  }

  /** Returns a copy of the row-major entries. */
  public double[] toRowMajorArray() {
    return data.clone();
  }

  /** Returns {@code max |W[i][j]|}. */
  public double maxAbs() {
    return maxAbs;
  }

  @Override
  public int inputSize() {
    return cols;
  }

  @Override
  public int outputSize() {
    return rows;
  }

  @Override
  public void apply(double[] x, double[] y) {
    for (int i = 0, row = 0; i < rows; i++, row += cols) {
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += data[row + j] * x[j];
      }
      y[i] = sum;
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    Arrays.fill(x, 0, cols, 0.0);
    for (int i = 0, row = 0; i < rows; i++, row += cols) {
      double yi = y[i];
      if (yi == 0) {
        continue;
      }
      for (int j = 0; j < cols; j++) {
        x[j] += data[row + j] * yi;
      }
    }
  }

  /**
   * Computes {@code y = |W| x}, the product with the entrywise absolute value, used to propagate
   * rounding-error bounds.
   *
   * @param x input of length {@code n}; not modified
   * @param y output of length {@code m}; overwritten
   */
  public void applyAbsolute(double[] x, double[] y) {
    for (int i = 0, row = 0; i < rows; i++, row += cols) {
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += Math.abs(data[row + j]) * x[j];
      }
      y[i] = sum;
    }
  }

  @Override
  public int termsPerOutput() {
    return cols;
  }

  @Override
  public double absoluteNormUpperBound() {
    return frobeniusUpper;
  }

  /** Returns this matrix: it is already explicit. */
  @Override
  public DenseMatrix materialize() {
    return this;
  }

  /** Returns {@code Wᵀ}. */
  public DenseMatrix transpose() {
    double[] t = new double[data.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[j * rows + i] = data[i * cols + j];
      }
    }
    return new DenseMatrix(cols, rows, t);
  }

  /** Returns {@code sqrt(m·n)}: {@code ‖W‖₂ ≤ ‖W‖_F = sqrt(Σw²) ≤ sqrt(m·n)·max|w|}. */
  @Override
  public double clipGain() {
    return WeightedOperator.sqrtUpper((long) rows * cols);
  }

  @Override
  public DenseMatrix mapWeights(java.util.function.DoubleUnaryOperator f) {
    double[] mapped = new double[data.length];
    for (int i = 0; i < mapped.length; i++) {
      mapped[i] = f.applyAsDouble(data[i]);
    }
    return DenseMatrix.of(rows, cols, mapped);
  }

  /** Returns the operator with every weight replaced by its absolute value: {@code |A|}. */
  @Override
  public DenseMatrix absolute() {
    return mapWeights(Math::abs);
  }

  @Override
  public long parameterCount() {
    return data.length;
  }

  @Override
  public WeightStatistics weightStatistics() {
    return WeightStatistics.of(data);
  }

  /** Returns a number {@code ≥ ‖W‖_F}, computed with scaling so that it cannot overflow. */
  public double frobeniusNormUpperBound() {
    return frobeniusUpper;
  }
}
