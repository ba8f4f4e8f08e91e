package org.lipcert.core.graph;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;

/**
 * Materialised Jacobians of single operations, built from {@link Operation#jvp} on unit vectors,
 * and EJML's SVD as the oracle for their spectral norm. EJML's SVD is backward stable: the largest
 * singular value it returns has a relative error of a small multiple of {@code (m + n)·u}, far
 * below the {@code 10⁻¹³} slack the tests grant it.
 */
public final class JacobianOracle {

  /** Relative slack granted to the SVD oracle's rounding, {@code 10⁻¹³}. */
  public static final double SVD_SLACK = 1e-13;

  private JacobianOracle() {}

  /**
   * Returns the Jacobian of {@code op} with respect to its input {@code k} at {@code inputs}, as
   * rows: column {@code j} is {@code jvp} with the unit tangent {@code e_j} on input {@code k} and
   * zero tangents on the other inputs.
   */
  public static double[][] jacobian(Operation op, double[][] inputs, int k) {
    double[][] tangents = new double[inputs.length][];
    for (int i = 0; i < inputs.length; i++) {
      tangents[i] = new double[inputs[i].length];
    }
    int n = inputs[k].length;
    double[][] columns = new double[n][];
    for (int j = 0; j < n; j++) {
      tangents[k][j] = 1;
      columns[j] = op.jvp(inputs, tangents);
      tangents[k][j] = 0;
    }
    int m = columns.length == 0 ? 0 : columns[0].length;
    double[][] rows = new double[m][n];
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        rows[i][j] = columns[j][i];
      }
    }
    return rows;
  }

  /** Returns the largest singular value of the matrix given by its rows (EJML's SVD). */
  public static double sigmaMax(double[][] rows) {
    int m = rows.length;
    int n = rows[0].length;
    DMatrixRMaj a = new DMatrixRMaj(m, n);
    for (int i = 0; i < m; i++) {
      for (int j = 0; j < n; j++) {
        a.set(i, j, rows[i][j]);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(m, n, false, false, true);
    if (!svd.decompose(a)) {
      throw new AssertionError("oracle SVD did not converge");
    }
    double max = 0;
    for (double s : svd.getSingularValues()) {
      max = Math.max(max, s);
    }
    return max;
  }
}
