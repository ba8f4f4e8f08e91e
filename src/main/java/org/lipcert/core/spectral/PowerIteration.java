package org.lipcert.core.spectral;

import java.util.Random;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.LinearOperator;

/**
 * Power iteration on {@code AᵀA} for the dominant right singular vector of a linear operator.
 *
 * <p>Each step computes {@code w = Av}, {@code z = Aᵀw} and {@code v ← z/‖z‖}; the estimate {@code
 * ‖Av‖} (for unit {@code v}) is nondecreasing and converges to {@code σ_max} at the rate {@code
 * (σ₂/σ₁)²} per step (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed., §7.3.1, applied to
 * the symmetric positive semidefinite {@code AᵀA}). Work vectors are allocated once, in the
 * constructor, as in EJML's {@code EigenPowerMethod_DDRM}; an iteration allocates nothing.
 *
 * <p>WARNING: the stopping rule (relative change of the estimate below a tolerance) is not an
 * accuracy guarantee. With clustered top singular values the estimate can stall well below {@code
 * σ_max} while changing very little. The estimate is therefore only ever used as a witness, through
 * {@link NormWitness}, never as an upper bound. Convergence is reported in the result, not thrown.
 *
 * <p>Instances are not thread-safe; use one per thread.
 */
public final class PowerIteration {

  /**
   * The outcome of a run.
   *
   * @param estimate {@code ‖Av‖} for the final unit vector, in plain floating point
   * @param vector the final unit vector {@code v} (a copy owned by the caller)
   * @param iterations the number of {@code AᵀA} products performed
   * @param converged whether the relative change fell below the tolerance before the cap
   */
  public record Result(double estimate, double[] vector, int iterations, boolean converged) {}

  private final LinearOperator operator;
  private final double[] v;
  private final double[] w;
  private final double[] z;
  private final double[] scratch;

  /**
   * Creates a power iteration for one operator, allocating its work vectors.
   *
   * @param operator the operator {@code A}; not modified
   */
  public PowerIteration(LinearOperator operator) {
    this.operator = operator;
    this.v = new double[operator.inputSize()];
    this.w = new double[operator.outputSize()];
    this.z = new double[operator.inputSize()];
    this.scratch = new double[operator.inputSize()];
  }

  /**
   * Returns a unit vector with independent standard normal components before normalisation, drawn
   * from {@link Random} with the given seed, so that runs are reproducible on every JVM.
   *
   * @param n the dimension
   * @param seed the seed
   * @return a new unit vector
   */
  public static double[] randomUnitVector(int n, long seed) {
    Random random = new Random(seed);
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = random.nextGaussian();
    }
    double norm = VectorNorms.norm2(x);
    for (int i = 0; i < n; i++) {
      x[i] /= norm;
    }
    return x;
  }

  /**
   * Runs the iteration.
   *
   * @param start the starting vector, of length {@code A.inputSize()}, not zero; not modified
   * @param relativeTolerance stop when {@code |σ_k − σ_{k−1}| ≤ relativeTolerance · σ_k}
   * @param maxIterations the iteration cap
   * @return the estimate, the final vector, the iteration count and whether it converged
   */
  public Result run(double[] start, double relativeTolerance, int maxIterations) {
    System.arraycopy(start, 0, v, 0, v.length);
    normalize(v);
    double previous = -1;
    double estimate = 0;
    for (int iteration = 1; iteration <= maxIterations; iteration++) {
      operator.applyGram(v, w, z, scratch);
      estimate = VectorNorms.norm2(w);
      if (estimate == 0) {
        return new Result(0, v.clone(), iteration, false);
      }
      double zNorm = VectorNorms.norm2(z);
      if (!(zNorm > Double.MIN_NORMAL * 0x1p60) || !Double.isFinite(zNorm)) {
        // AᵀAv over- or underflowed: two passes with Av scaled to unit length in between
        for (int i = 0; i < w.length; i++) {
          w[i] /= estimate;
        }
        operator.applyAdjoint(w, z);
        zNorm = VectorNorms.norm2(z);
      }
      if (zNorm == 0) {
        return new Result(estimate, v.clone(), iteration, false);
      }
      for (int i = 0; i < v.length; i++) {
        v[i] = z[i] / zNorm;
      }
      if (Math.abs(estimate - previous) <= relativeTolerance * estimate) {
        operator.apply(v, w);
        return new Result(Math.max(estimate, VectorNorms.norm2(w)), v.clone(), iteration, true);
      }
      previous = estimate;
    }
    operator.apply(v, w);
    return new Result(Math.max(estimate, VectorNorms.norm2(w)), v.clone(), maxIterations, false);
  }

  private static void normalize(double[] x) {
    double norm = VectorNorms.norm2(x);
    if (norm == 0 || !Double.isFinite(norm)) {
      throw new IllegalArgumentException("the start vector must be finite and non-zero");
    }
    for (int i = 0; i < x.length; i++) {
      x[i] /= norm;
    }
  }
}
