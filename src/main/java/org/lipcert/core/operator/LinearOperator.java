package org.lipcert.core.operator;

/**
 * A linear map {@code A: ℝⁿ → ℝᵐ} given by its action and the action of its adjoint.
 *
 * <p>Implementations must satisfy {@code ⟨Ax, y⟩ = ⟨x, Aᵀy⟩} up to rounding, must not allocate in
 * {@link #apply} or {@link #applyAdjoint}, and must be immutable. The two error-model methods let
 * {@link org.lipcert.core.spectral.NormWitness} turn an evaluated {@code ‖Av‖} into a rigorous
 * lower bound.
 */
public interface LinearOperator {

  /** Returns {@code n}, the dimension of the domain. */
  int inputSize();

  /** Returns {@code m}, the dimension of the codomain. */
  int outputSize();

  /**
   * Computes {@code y = A x}.
   *
   * @param x input of length {@link #inputSize()}; not modified
   * @param y output of length {@link #outputSize()}; overwritten
   */
  void apply(double[] x, double[] y);

  /**
   * Computes {@code x = Aᵀ y}.
   *
   * @param y input of length {@link #outputSize()}; not modified
   * @param x output of length {@link #inputSize()}; overwritten
   */
  void applyAdjoint(double[] y, double[] x);

  /**
   * Computes {@code image = A x} and {@code out = Aᵀ(A x)}, for the iterations that only need the
   * Gram product. By default {@link #apply} then {@link #applyAdjoint}; an operator may fuse the
   * two passes (a dense matrix reads each row once) and sum in another order, so the result may
   * differ from the default in rounding. Only witness searches use it, never a bound.
   *
   * @param x input of length {@link #inputSize()}; not modified
   * @param image output of length {@link #outputSize()}; overwritten with {@code A x}
   * @param out output of length {@link #inputSize()}; overwritten with {@code AᵀA x}
   * @param scratch work space of length {@link #inputSize()}, so that an iteration allocates
   *     nothing; overwritten
   */
  default void applyGram(double[] x, double[] image, double[] out, double[] scratch) {
    apply(x, image);
    applyAdjoint(image, out);
  }

  /**
   * Returns the largest number of products summed into one entry of {@code A x}: the length of the
   * inner products {@link #apply} evaluates, which fixes its rounding error {@code γ_k |A||x|}.
   */
  int termsPerOutput();

  /**
   * Returns a number {@code ≥ ‖ |A| ‖₂}, the spectral norm of the entrywise absolute value (the
   * Frobenius norm is one). It bounds the rounding error of {@link #apply} in norm.
   */
  double absoluteNormUpperBound();

  /**
   * Returns an operator whose matrix is entrywise at least {@code |A|}, and equal to {@code |A|}
   * for every operator except compositions ({@code |AB| ≤ |A||B|}): applied to the all-ones vector
   * it gives the absolute row sums, whose maximum is {@code ‖A‖_∞}, and its adjoint the absolute
   * column sums, whose maximum is {@code ‖A‖₁}.
   *
   * <p>By default the absolute value of {@link #materialize()}, for small operators whose entries
   * it computes exactly (every operator of the core overrides it).
   *
   * @return the entrywise absolute value, or a bound on it
   */
  default LinearOperator absolute() {
    return materialize().absolute();
  }

  /**
   * Returns a bound on {@code ‖materialize() − A‖₂}, the rounding error of the explicit matrix.
   *
   * <p>By default {@code γ_t·‖|A|‖₂} with {@code t = termsPerOutput()}: column {@code j} is {@code
   * fl(A e_j)}, and an inner product of {@code t} terms has {@code |fl(Ax) − Ax| ≤ γ_t|A||x|}
   * (Higham, <i>Accuracy and Stability of Numerical Algorithms</i>, §3.5), so {@code |E| ≤ γ_t|A|}
   * entrywise and {@code ‖E‖₂ ≤ γ_t‖|A|‖₂}. Operators whose entries are copied exactly may return
   * less; compositions must return more ({@link ComposedOperator}).
   */
  default double materializationErrorBound() {
    double absolute = absoluteNormUpperBound();
    return absolute == 0
        ? 0
        : org.lipcert.core.numeric.UpwardArithmetic.multiply(
            org.lipcert.core.numeric.RoundingModel.gamma(termsPerOutput()), absolute);
  }

  /**
   * Returns the operator as an explicit {@code m × n} matrix, by default by applying it to the unit
   * vectors. Implementations with structure override this with a direct construction.
   *
   * @return a new dense matrix {@code A}
   * @throws org.lipcert.core.InvalidModelException if {@code m·n} exceeds the array limit
   */
  default DenseMatrix materialize() {
    int m = outputSize();
    int n = inputSize();
    if ((long) m * n > Integer.MAX_VALUE - 8) {
      throw new IllegalArgumentException("cannot materialise a " + m + " × " + n + " operator");
    }
    double[] data = new double[m * n];
    double[] e = new double[n];
    double[] column = new double[m];
    for (int j = 0; j < n; j++) {
      e[j] = 1;
      apply(e, column);
      e[j] = 0;
      for (int i = 0; i < m; i++) {
        data[i * n + j] = column[i];
      }
    }
    return DenseMatrix.of(m, n, data);
  }
}
