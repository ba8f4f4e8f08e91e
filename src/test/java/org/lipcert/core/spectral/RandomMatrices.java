package org.lipcert.core.spectral;

import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.QRDecomposition;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.lipcert.core.operator.DenseMatrix;

/** Seeded random test matrices and the SVD oracle for their spectral norm. */
public final class RandomMatrices {

  private RandomMatrices() {}

  static DenseMatrix gaussian(Random random, int rows, int cols, double scale) {
    double[] data = new double[rows * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian() * scale;
    }
    return DenseMatrix.of(rows, cols, data);
  }

  static DenseMatrix rankOne(Random random, int rows, int cols, double scale) {
    double[] u = new double[rows];
    double[] v = new double[cols];
    for (int i = 0; i < rows; i++) {
      u[i] = random.nextGaussian();
    }
    for (int j = 0; j < cols; j++) {
      v[j] = random.nextGaussian();
    }
    double[] data = new double[rows * cols];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        data[i * cols + j] = u[i] * v[j] * scale;
      }
    }
    return DenseMatrix.of(rows, cols, data);
  }

  /**
   * Returns {@code U diag(σ) Vᵀ} with random orthogonal factors and the given singular values, e.g.
   * a cluster {@code 1, 1 − 10⁻⁹, 1 − 10⁻⁸} at the top.
   */
  static DenseMatrix withSingularValues(
      Random random, int rows, int cols, double[] sigma, double scale) {
    DMatrixRMaj u = orthogonal(random, rows);
    DMatrixRMaj v = orthogonal(random, cols);
    DMatrixRMaj s = new DMatrixRMaj(rows, cols);
    for (int i = 0; i < Math.min(sigma.length, Math.min(rows, cols)); i++) {
      s.set(i, i, sigma[i] * scale);
    }
    DMatrixRMaj us = new DMatrixRMaj(rows, cols);
    CommonOps_DDRM.mult(u, s, us);
    DMatrixRMaj w = new DMatrixRMaj(rows, cols);
    CommonOps_DDRM.multTransB(us, v, w);
    return DenseMatrix.of(rows, cols, w.data);
  }

  private static DMatrixRMaj orthogonal(Random random, int n) {
    DMatrixRMaj a = new DMatrixRMaj(n, n);
    for (int i = 0; i < a.data.length; i++) {
      a.data[i] = random.nextGaussian();
    }
    QRDecomposition<DMatrixRMaj> qr = DecompositionFactory_DDRM.qr(n, n);
    qr.decompose(a);
    return qr.getQ(null, false);
  }

  /**
   * The oracle: EJML's SVD of {@code 2⁻ᵉW}, scaled back. A backward-stable SVD returns {@code
   * σ_max} with a relative error of a small multiple of {@code (m + n)·u}; {@link #ORACLE_SLACK}
   * covers it for the sizes used in the tests.
   */
  public static double sigmaMax(DenseMatrix weights) {
    if (weights.maxAbs() == 0) {
      return 0;
    }
    int e = Math.getExponent(weights.maxAbs());
    double[] data = weights.toRowMajorArray();
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.scalb(data[i], -e);
    }
    DMatrixRMaj m = DMatrixRMaj.wrap(weights.rows(), weights.cols(), data);
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false, false, true);
    if (!svd.decompose(m)) {
      throw new AssertionError("oracle SVD did not converge");
    }
    double max = 0;
    for (double s : svd.getSingularValues()) {
      max = Math.max(max, s);
    }
    return Math.scalb(max, e);
  }

  /** Relative slack granted to the oracle's own rounding: 10⁻¹³ (about 450 ulps). */
  public static final double ORACLE_SLACK = 1e-13;

  /**
   * Returns a matrix whose entries are standard normal numbers times {@code 10^k}, {@code k}
   * uniform in {@code [−decades, 0]}: after scaling by the largest entry many products underflow,
   * which exercises the underflow terms of the certificates.
   */
  static DenseMatrix mixedMagnitudes(Random random, int rows, int cols, int decades) {
    double[] data = new double[rows * cols];
    for (int i = 0; i < data.length; i++) {
      data[i] = random.nextGaussian() * Math.pow(10, -decades * random.nextDouble());
    }
    return DenseMatrix.of(rows, cols, data);
  }

  /**
   * The oracle's dominant right singular vector: the column of {@code V} from EJML's SVD of {@code
   * 2⁻ᵉW} that belongs to the largest singular value (unit length up to rounding).
   */
  static double[] topRightSingularVector(DenseMatrix weights) {
    int e = Math.getExponent(weights.maxAbs());
    double[] data = weights.toRowMajorArray();
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.scalb(data[i], -e);
    }
    DMatrixRMaj m = DMatrixRMaj.wrap(weights.rows(), weights.cols(), data);
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(m.numRows, m.numCols, false, true, false);
    if (!svd.decompose(m)) {
      throw new AssertionError("oracle SVD did not converge");
    }
    double[] singular = svd.getSingularValues();
    int best = 0;
    for (int i = 1; i < svd.numberOfSingularValues(); i++) {
      if (singular[i] > singular[best]) {
        best = i;
      }
    }
    DMatrixRMaj v = svd.getV(null, false);
    double[] vector = new double[weights.cols()];
    for (int j = 0; j < vector.length; j++) {
      vector[j] = v.get(j, best);
    }
    return vector;
  }

  /**
   * Returns {@code U diag(σ) Vᵀ} with the separated spectrum {@code 1, 1/2, 1/4, …} (ratio 2
   * between consecutive singular values) times {@code scale}.
   */
  static DenseMatrix separated(Random random, int rows, int cols, double scale) {
    double[] sigma = new double[Math.min(rows, cols)];
    for (int i = 0; i < sigma.length; i++) {
      sigma[i] = Math.scalb(1.0, -i);
    }
    return withSingularValues(random, rows, cols, sigma, scale);
  }
}
