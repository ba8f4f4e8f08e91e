package org.lipcert.core.spectral;

import java.util.Optional;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Finds the dominant right singular vector of a dense matrix with EJML's singular value
 * decomposition (Householder bidiagonalisation and implicit QR, Golub &amp; Van Loan §8.6).
 *
 * <p>Used for small layers, where a full decomposition costs less than a careful iteration and
 * gives the singular value to near machine precision. The decomposition is a search: its {@code σ̂}
 * is not trusted as a bound. The vector is handed to {@link NormWitness} for the lower bound, and
 * {@code σ̂} seeds the {@link CholeskyCertificate} for the upper bound.
 */
public final class SvdWitness {

  /**
   * The decomposition's answer.
   *
   * @param estimate the largest computed singular value {@code σ̂}
   * @param vector its right singular vector, unit length
   */
  public record Result(double estimate, double[] vector) {}

  private SvdWitness() {}

  /**
   * Decomposes the matrix.
   *
   * @param weights a matrix with at least one non-zero entry; not modified
   * @return the largest singular value and its right singular vector, or empty if EJML reports that
   *     the decomposition did not converge
   */
  public static Optional<Result> of(DenseMatrix weights) {
    ScaledCopy scaled = ScaledCopy.of(weights);
    DMatrixRMaj matrix = scaled.matrix().copy();
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(matrix.numRows, matrix.numCols, false, true, true);
    if (!svd.decompose(matrix)) {
      return Optional.empty();
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
    return Optional.of(new Result(Math.scalb(singular[best], scaled.exponent()), vector));
  }
}
