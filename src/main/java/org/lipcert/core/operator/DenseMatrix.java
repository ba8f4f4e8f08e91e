package org.lipcert.core.operator;

import java.util.Arrays;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;
import java.util.stream.IntStream;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.numeric.VectorNorms;

/**
 * An immutable dense {@code m × n} matrix stored row-major, acting as {@code y = W x}.
 *
 * <p>This is the weight of a fully connected layer in PyTorch's {@code out × in} convention. The
 * factories reject non-finite entries, naming the first one, so that no bound is ever computed from
 * NaN or infinity. Entries are stored in float64 ({@link #of}) or, for a model whose weights are
 * float32, in float32 ({@link #ofFloat32}): the same numbers in half the memory and half the memory
 * traffic per product. Products always accumulate in float64, so the rounding analysis of every
 * bound is the same for both storages; a float32 entry widens to float64 exactly.
 */
public final class DenseMatrix implements WeightedOperator {

  /** The number of entries above which products split the rows or columns between threads. */
  private static final long PARALLEL_ENTRIES = 1L << 18;

  /**
   * The fixed number of row ranges of a fused Gram product (partial sums added in order): two, so
   * that the result is the same on every machine and only one scratch vector is allocated.
   */
  private static final int GRAM_PARTS = 2;

  private final int rows;
  private final int cols;

  /** The entries in float64, or {@code null} when they are stored in {@link #floats}. */
  private final double[] data;

  /** The entries in float32, or {@code null} when they are stored in {@link #data}. */
  private final float[] floats;

  private final double frobeniusUpper;
  private final double maxAbs;

  private DenseMatrix(int rows, int cols, double[] data) {
    this.rows = rows;
    this.cols = cols;
    this.data = data;
    this.floats = null;
    double max = 0;
    for (double v : data) {
      max = Math.max(max, Math.abs(v));
    }
    this.maxAbs = max;
    this.frobeniusUpper = VectorNorms.norm2Upper(data);
  }

  private DenseMatrix(int rows, int cols, float[] floats) {
    this.rows = rows;
    this.cols = cols;
    this.data = null;
    this.floats = floats;
    double max = 0;
    for (float v : floats) {
      max = Math.max(max, Math.abs(v));
    }
    this.maxAbs = max;
    this.frobeniusUpper = VectorNorms.norm2Upper(floats);
  }

  /**
   * Creates a matrix stored in float32 from row-major float32 data, without copying it: the caller
   * hands the array over and must not modify it afterwards (the ONNX reader passes a decoded
   * initializer, which nothing else writes).
   *
   * @param rows {@code m ≥ 1}
   * @param cols {@code n ≥ 1}
   * @param rowMajor {@code m·n} finite entries, {@code W[i][j] = rowMajor[i·n + j]}; kept, not
   *     copied
   * @return the matrix
   * @throws InvalidModelException if the sizes disagree or an entry is NaN or infinite
   */
  public static DenseMatrix ofFloat32(int rows, int cols, float[] rowMajor) {
    requireShape(rows, cols, rowMajor.length);
    for (int k = 0; k < rowMajor.length; k++) {
      if (!Float.isFinite(rowMajor[k])) {
        throw nonFinite(k, cols, rowMajor[k]);
      }
    }
    return new DenseMatrix(rows, cols, rowMajor);
  }

  /** Returns whether the entries are stored in float32. */
  public boolean isFloat32() {
    return floats != null;
  }

  private static void requireShape(int rows, int cols, int length) {
    if (rows < 1 || cols < 1) {
      throw new InvalidModelException(
          "a matrix needs at least one row and one column, got " + rows + " × " + cols);
    }
    if ((long) rows * cols != length) {
      throw new InvalidModelException(
          "a "
              + rows
              + " × "
              + cols
              + " matrix needs "
              + (long) rows * cols
              + " entries, got "
              + length);
    }
  }

  private static InvalidModelException nonFinite(int k, int cols, double value) {
    return new InvalidModelException(
        "entry [" + k / cols + "][" + k % cols + "] is " + value + "; weights must be finite");
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
    requireShape(rows, cols, rowMajor.length);
    for (int k = 0; k < rowMajor.length; k++) {
      if (!Double.isFinite(rowMajor[k])) {
        throw nonFinite(k, cols, rowMajor[k]);
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
    return data != null ? data[i * cols + j] : floats[i * cols + j];
  }

  /** Returns a copy of the row-major entries, in float64. */
  public double[] toRowMajorArray() {
    if (data != null) {
      return data.clone();
    }
    double[] copy = new double[floats.length];
    for (int k = 0; k < copy.length; k++) {
      copy[k] = floats[k];
    }
    return copy;
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
    if (data != null) {
      inParallel(rows, (from, to) -> multiplyRows(x, y, from, to));
    } else {
      inParallel(rows, (from, to) -> multiplyRowsFloat32(x, y, from, to));
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    if (data != null) {
      inParallel(cols, (from, to) -> multiplyColumns(y, x, from, to));
    } else {
      inParallel(cols, (from, to) -> multiplyColumnsFloat32(y, x, from, to));
    }
  }

  /**
   * Computes {@code image = W x} and {@code out = Wᵀ(W x)} in one sweep over the rows: four rows at
   * a time, their inner products with {@code x}, then their contribution to {@code out} while they
   * are still in cache. The rows are split into {@link #GRAM_PARTS} fixed ranges, each with its own
   * partial sum of {@code out}, computed in parallel and added in range order: the result does not
   * depend on the number of threads, but differs in rounding from {@code applyAdjoint(apply(x))}.
   */
  @Override
  public void applyGram(double[] x, double[] image, double[] out, double[] scratch) {
    if ((long) rows * cols < PARALLEL_ENTRIES || rows < GRAM_PARTS) {
      Arrays.fill(out, 0, cols, 0.0);
      gram(x, image, out, 0, rows);
      return;
    }
    // the first range sums into out itself, the second into the scratch vector, added after
    Arrays.fill(out, 0, cols, 0.0);
    double[] second = scratch;
    Arrays.fill(second, 0, cols, 0.0);
    int half = rows / 2;
    ForkJoinTask<?> other =
        ForkJoinPool.commonPool().submit(() -> gram(x, image, second, half, rows));
    gram(x, image, out, 0, half);
    other.join();
    for (int j = 0; j < cols; j++) {
      out[j] += second[j];
    }
  }

  private void gram(double[] x, double[] image, double[] out, int from, int to) {
    if (data != null) {
      gramRows(x, image, out, from, to);
    } else {
      gramRowsFloat32(x, image, out, from, to);
    }
  }

  /** Adds {@code Σ_i w_i (w_i·x)} over the rows {@code [from, to)} to {@code out}. */
  private void gramRows(double[] x, double[] image, double[] out, int from, int to) {
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int r0 = i * cols;
      int r1 = r0 + cols;
      int r2 = r1 + cols;
      int r3 = r2 + cols;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < cols; j++) {
        double xj = x[j];
        s0 += data[r0 + j] * xj;
        s1 += data[r1 + j] * xj;
        s2 += data[r2 + j] * xj;
        s3 += data[r3 + j] * xj;
      }
      image[i] = s0;
      image[i + 1] = s1;
      image[i + 2] = s2;
      image[i + 3] = s3;
      for (int j = 0; j < cols; j++) {
        out[j] += data[r0 + j] * s0 + data[r1 + j] * s1 + data[r2 + j] * s2 + data[r3 + j] * s3;
      }
    }
    for (; i < to; i++) {
      int row = i * cols;
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += data[row + j] * x[j];
      }
      image[i] = sum;
      for (int j = 0; j < cols; j++) {
        out[j] += data[row + j] * sum;
      }
    }
  }

  // The float32 twins of the three loops above: identical except for the type of the entries,
  // which the JIT needs to see to vectorise; every sum is accumulated in float64.

  private void multiplyRowsFloat32(double[] x, double[] y, int from, int to) {
    float[] w = floats;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int r0 = i * cols;
      int r1 = r0 + cols;
      int r2 = r1 + cols;
      int r3 = r2 + cols;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < cols; j++) {
        double xj = x[j];
        s0 += w[r0 + j] * xj;
        s1 += w[r1 + j] * xj;
        s2 += w[r2 + j] * xj;
        s3 += w[r3 + j] * xj;
      }
      y[i] = s0;
      y[i + 1] = s1;
      y[i + 2] = s2;
      y[i + 3] = s3;
    }
    for (; i < to; i++) {
      int row = i * cols;
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += w[row + j] * x[j];
      }
      y[i] = sum;
    }
  }

  private void multiplyColumnsFloat32(double[] y, double[] x, int from, int to) {
    float[] w = floats;
    Arrays.fill(x, from, to, 0.0);
    for (int i = 0, row = 0; i < rows; i++, row += cols) {
      double yi = y[i];
      if (yi == 0) {
        continue;
      }
      for (int j = from; j < to; j++) {
        x[j] += w[row + j] * yi;
      }
    }
  }

  private void gramRowsFloat32(double[] x, double[] image, double[] out, int from, int to) {
    float[] w = floats;
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int r0 = i * cols;
      int r1 = r0 + cols;
      int r2 = r1 + cols;
      int r3 = r2 + cols;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < cols; j++) {
        double xj = x[j];
        s0 += w[r0 + j] * xj;
        s1 += w[r1 + j] * xj;
        s2 += w[r2 + j] * xj;
        s3 += w[r3 + j] * xj;
      }
      image[i] = s0;
      image[i + 1] = s1;
      image[i + 2] = s2;
      image[i + 3] = s3;
      for (int j = 0; j < cols; j++) {
        out[j] += w[r0 + j] * s0 + w[r1 + j] * s1 + w[r2 + j] * s2 + w[r3 + j] * s3;
      }
    }
    for (; i < to; i++) {
      int row = i * cols;
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += w[row + j] * x[j];
      }
      image[i] = sum;
      for (int j = 0; j < cols; j++) {
        out[j] += w[row + j] * sum;
      }
    }
  }

  /** A range of rows or columns. */
  private interface IndexRange {
    void run(int from, int to);
  }

  /**
   * Runs {@code task} over {@code [0, count)} split into contiguous ranges, in parallel (the common
   * fork-join pool) when the matrix has more than {@link #PARALLEL_ENTRIES} entries. Every output
   * entry is computed by one range in the same order as sequentially, so the result does not depend
   * on the split.
   */
  private void inParallel(int count, IndexRange task) {
    int parts = Math.min(count, ForkJoinPool.getCommonPoolParallelism() + 1);
    if ((long) rows * cols < PARALLEL_ENTRIES || parts < 2) {
      task.run(0, count);
      return;
    }
    IntStream.range(0, parts)
        .parallel()
        .forEach(p -> task.run(count * p / parts, count * (p + 1) / parts));
  }

  /**
   * Computes {@code y_i = Σ_j w_ij x_j} for the rows {@code [from, to)}, each sum in column order;
   * four rows at a time share the loads of {@code x} and keep four independent sums in flight.
   */
  private void multiplyRows(double[] x, double[] y, int from, int to) {
    int i = from;
    for (; i + 4 <= to; i += 4) {
      int r0 = i * cols;
      int r1 = r0 + cols;
      int r2 = r1 + cols;
      int r3 = r2 + cols;
      double s0 = 0;
      double s1 = 0;
      double s2 = 0;
      double s3 = 0;
      for (int j = 0; j < cols; j++) {
        double xj = x[j];
        s0 += data[r0 + j] * xj;
        s1 += data[r1 + j] * xj;
        s2 += data[r2 + j] * xj;
        s3 += data[r3 + j] * xj;
      }
      y[i] = s0;
      y[i + 1] = s1;
      y[i + 2] = s2;
      y[i + 3] = s3;
    }
    for (; i < to; i++) {
      int row = i * cols;
      double sum = 0;
      for (int j = 0; j < cols; j++) {
        sum += data[row + j] * x[j];
      }
      y[i] = sum;
    }
  }

  /**
   * Computes {@code x_j = Σ_i w_ij y_i} for the columns {@code [from, to)}, each sum in row order.
   */
  private void multiplyColumns(double[] y, double[] x, int from, int to) {
    Arrays.fill(x, from, to, 0.0);
    for (int i = 0, row = 0; i < rows; i++, row += cols) {
      double yi = y[i];
      if (yi == 0) {
        continue;
      }
      for (int j = from; j < to; j++) {
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
        sum += Math.abs(get(i, j)) * x[j];
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
    if (floats != null) {
      float[] t = new float[floats.length];
      for (int i = 0; i < rows; i++) {
        for (int j = 0; j < cols; j++) {
          t[j * rows + i] = floats[i * cols + j];
        }
      }
      return new DenseMatrix(cols, rows, t);
    }
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
    double[] mapped = new double[rows * cols];
    for (int i = 0; i < mapped.length; i++) {
      mapped[i] = f.applyAsDouble(data != null ? data[i] : floats[i]);
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
    return (long) rows * cols;
  }

  @Override
  public WeightStatistics weightStatistics() {
    return data != null ? WeightStatistics.of(data) : WeightStatistics.of(floats);
  }

  /** Returns a number {@code ≥ ‖W‖_F}, computed with scaling so that it cannot overflow. */
  public double frobeniusNormUpperBound() {
    return frobeniusUpper;
  }
}
