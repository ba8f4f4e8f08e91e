package org.lipcert.core.spectral;

/** How {@link DenseSpectralNorm} certifies the upper side of a dense layer's bracket. */
public enum UpperBoundMethod {
  /**
   * The Cholesky certificate at a trial just above the witness, falling back to Gram iteration when
   * the witness cannot be certified tightly; the Frobenius norm if that is smaller.
   */
  AUTO,
  /** {@link CholeskyCertificate} only (the Frobenius norm when every attempt fails). */
  CHOLESKY,
  /** {@link GramIteration} only. */
  GRAM,
  /** {@code ‖W‖_F}: the cheapest bound, often loose by {@code √rank}. */
  FROBENIUS
}
