package org.lipcert.core.spectral;

import org.ejml.data.DMatrixRMaj;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.DenseMatrix;

/**
 * An EJML copy {@code S = 2⁻ᵉ W} of a dense matrix whose largest entry lies in {@code [1, 2)}.
 *
 * <p>Scaling by a power of two is exact unless an entry falls into the subnormal range, where it
 * loses at most {@code 2⁻¹⁰⁷⁵}. Hence {@code S = 2⁻ᵉW + E} with {@code ‖E‖₂ ≤ ‖E‖_F ≤ √(mn)·2⁻¹⁰⁷⁵}
 * =: {@link #scalingError()}, and {@code σ(W) ≤ 2ᵉ(σ(S) + scalingError)}. Working on {@code S}
 * keeps Gram matrices and their products far from overflow (entries up to {@code 10³⁰⁸}) and
 * underflow (entries down to {@code 10⁻³⁰⁸}).
 */
final class ScaledCopy {

  private final DMatrixRMaj matrix;
  private final int exponent;

  private ScaledCopy(DMatrixRMaj matrix, int exponent) {
    this.matrix = matrix;
    this.exponent = exponent;
  }

  /**
   * Copies and scales a non-zero matrix.
   *
   * @param weights the matrix {@code W}; not modified; must have a non-zero entry
   * @return the scaled copy
   */
  static ScaledCopy of(DenseMatrix weights) {
    int exponent = Math.getExponent(weights.maxAbs());
    double[] data = weights.toRowMajorArray();
    for (int i = 0; i < data.length; i++) {
      data[i] = Math.scalb(data[i], -exponent);
    }
    return new ScaledCopy(DMatrixRMaj.wrap(weights.rows(), weights.cols(), data), exponent);
  }

  /** Returns the scaled copy {@code S}, owned by this object (callers may read, not modify). */
  DMatrixRMaj matrix() {
    return matrix;
  }

  /** Returns {@code e} with {@code S ≈ 2⁻ᵉW}. */
  int exponent() {
    return exponent;
  }

  /** Returns a number {@code ≥ ‖S − 2⁻ᵉW‖₂}. */
  double scalingError() {
    double entries = (double) matrix.numRows * matrix.numCols;
    return UpwardArithmetic.multiply(UpwardArithmetic.sqrt(entries), 0x1p-1074);
  }

  /**
   * Maps an upper bound {@code b ≥ σ(S)} to an upper bound on {@code σ(W)}: {@code 2ᵉ(b +
   * scalingError)}, rounded up.
   */
  double unscaleUpper(double scaledUpper) {
    return Math.nextUp(Math.scalb(UpwardArithmetic.add(scaledUpper, scalingError()), exponent));
  }
}
