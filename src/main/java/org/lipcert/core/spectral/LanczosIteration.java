package org.lipcert.core.spectral;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.VectorNorms;
import org.lipcert.core.operator.LinearOperator;

/**
 * Restarted Lanczos iteration on {@code AᵀA} with full reorthogonalisation, for the dominant right
 * singular vector of a linear operator (Golub &amp; Van Loan, <i>Matrix Computations</i>, 4th ed.,
 * §10.1–10.3; explicit restart with the Ritz vector, §10.5).
 *
 * <p>Each cycle builds an orthonormal Krylov basis {@code V} of {@code subspaceSize} vectors and
 * the tridiagonal {@code T = VᵀAᵀAV}; the largest eigenpair {@code (θ, s)} of {@code T} (EJML's
 * symmetric QR algorithm) gives the Ritz vector {@code Vs} and the estimate {@code √θ}. The
 * residual {@code ‖AᵀAVs − θVs‖ = β|s_last|} measures convergence. For clustered top singular
 * values Lanczos needs far fewer products than power iteration (its rate depends on the square root
 * of the relative gap), which matters for convolutions, whose spectra are dense near the top.
 *
 * <p>Like {@link PowerIteration}, it only ever produces a witness: the Ritz value approaches {@code
 * σ_max²} from below and a stopping rule is not accuracy. The operator is scaled by a power of two
 * near {@code 1/‖|A|‖} so that {@code AᵀAv} can neither overflow nor underflow. The basis is
 * allocated once, in the constructor. Not thread-safe.
 */
public final class LanczosIteration {

  /** The default number of Krylov vectors per cycle. */
  public static final int DEFAULT_SUBSPACE = 24;

  /**
   * The fraction of the remaining gap to a known upper bound below which a restart cycle's gain
   * counts as stagnation.
   */
  public static final double STAGNATION = 0.1;

  /**
   * The relative gap to the ceiling within which the stagnation rule applies: a looser certificate
   * leaves the witness to converge to the tolerance, as without a ceiling.
   */
  public static final double STAGNATION_RANGE = 0.1;

  /** The largest {@code |s|} for which {@link #multiply} uses the fused Gram product. */
  private static final int MAX_FUSED_SCALE = 200;

  private final LinearOperator operator;
  private final double[][] basis;
  private final double[] image;
  private final double[] work;
  private final double[] scratch;
  private final int scale;

  /**
   * Creates the iteration, allocating the basis.
   *
   * @param operator the operator {@code A}
   * @param subspaceSize Krylov vectors per cycle, at least 2
   */
  public LanczosIteration(LinearOperator operator, int subspaceSize) {
    int m = Math.max(2, Math.min(subspaceSize, operator.inputSize()));
    this.operator = operator;
    this.basis = new double[m + 1][operator.inputSize()];
    this.image = new double[operator.outputSize()];
    this.work = new double[operator.inputSize()];
    this.scratch = new double[operator.inputSize()];
    double bound = operator.absoluteNormUpperBound();
    this.scale = bound > 0 && Double.isFinite(bound) ? -Math.getExponent(bound) : 0;
  }

  /**
   * Runs restarted Lanczos.
   *
   * @param start a non-zero start vector; not modified
   * @param relativeTolerance stop when the Ritz residual is at most this times {@code θ}
   * @param maxProducts the cap on {@code AᵀA} products
   * @return the estimate, the Ritz vector (unit), the number of products, and convergence
   */
  public PowerIteration.Result run(double[] start, double relativeTolerance, int maxProducts) {
    return run(start, relativeTolerance, maxProducts, Deadline.NONE);
  }

  /**
   * Runs restarted Lanczos until converged, capped, or the deadline expires (then unconverged).
   *
   * @param start a non-zero start vector; not modified
   * @param relativeTolerance stop when the Ritz residual is at most this times {@code θ}
   * @param maxProducts the cap on {@code AᵀA} products
   * @param deadline polled once per product
   * @return the estimate, the Ritz vector (unit), the number of products, and convergence
   */
  public PowerIteration.Result run(
      double[] start, double relativeTolerance, int maxProducts, Deadline deadline) {
    return run(start, relativeTolerance, maxProducts, deadline, Double.POSITIVE_INFINITY);
  }

  /**
   * Runs restarted Lanczos below a known upper bound {@code U ≥ ‖A‖}: as {@link #run(double[],
   * double, int, Deadline)}, and also stops once the estimate is within {@code relativeTolerance}
   * of {@code U} (converged; checked after every product, on the partial tridiagonal), or, when the
   * estimate is within {@value #STAGNATION_RANGE} of {@code U}, once a restart cycle raised it by
   * less than {@value #STAGNATION} of the remaining gap (not converged: the bracket is then about
   * as tight as the certificate allows, and more products would barely move the witness). Only the
   * amount of work depends on {@code U}, never the soundness of the witness.
   *
   * @param start a non-zero start vector; not modified
   * @param relativeTolerance stop when the Ritz residual is at most this times {@code θ}
   * @param maxProducts the cap on {@code AᵀA} products
   * @param deadline polled once per product
   * @param ceiling a certified upper bound on {@code ‖A‖}, or infinity
   * @return the estimate, the Ritz vector (unit), the number of products, and convergence
   */
  public PowerIteration.Result run(
      double[] start,
      double relativeTolerance,
      int maxProducts,
      Deadline deadline,
      double ceiling) {
    int n = operator.inputSize();
    double previous = -1;
    int m = basis.length - 1;
    double[] v = start.clone();
    normalize(v);
    double theta = 0;
    int products = 0;
    while (true) {
      System.arraycopy(v, 0, basis[0], 0, n);
      double[] alpha = new double[m];
      double[] beta = new double[m + 1];
      int size = 0;
      boolean invariant = false;
      for (int j = 0;
          j < m && products < maxProducts && !(products > 0 && deadline.expired());
          j++) {
        multiply(basis[j], work);
        products++;
        alpha[j] = dot(work, basis[j]);
        for (int pass = 0; pass < 2; pass++) {
          for (int i = 0; i <= j; i++) {
            double c = dot(work, basis[i]);
            axpy(-c, basis[i], work);
          }
        }
        size = j + 1;
        double b = VectorNorms.norm2(work);
        beta[j + 1] = b;
        if (!(b > 1e-14 * Math.max(Math.abs(alpha[j]), Double.MIN_NORMAL))) {
          invariant = true;
          break;
        }
        if (Double.isFinite(ceiling)
            && reachesCeiling(alpha, beta, size, relativeTolerance, ceiling)) {
          break;
        }
        for (int i = 0; i < n; i++) {
          basis[j + 1][i] = work[i] / b;
        }
      }
      if (size == 0) {
        return result(v, theta, products, false);
      }
      double[] s = new double[size];
      theta = largestEigenpair(alpha, beta, size, s);
      double residual = Math.abs(beta[size] * s[size - 1]);
      java.util.Arrays.fill(v, 0);
      for (int j = 0; j < size; j++) {
        axpy(s[j], basis[j], v);
      }
      normalize(v);
      double estimate = Math.sqrt(Math.max(theta, 0)) * Math.scalb(1.0, -scale);
      boolean converged =
          invariant
              || residual <= relativeTolerance * Math.abs(theta)
              || estimate * (1 + relativeTolerance) >= ceiling;
      boolean stagnant =
          previous >= 0
              && ceiling - estimate <= STAGNATION_RANGE * estimate
              && estimate - previous < STAGNATION * (ceiling - estimate);
      if (converged || stagnant || products >= maxProducts || deadline.expired()) {
        return result(v, theta, products, converged);
      }
      previous = estimate;
    }
  }

  /**
   * Returns whether the Ritz value of the partial tridiagonal already lies within {@code
   * relativeTolerance} of the ceiling, so that the cycle can end before its last product.
   */
  private boolean reachesCeiling(
      double[] alpha, double[] beta, int size, double relativeTolerance, double ceiling) {
    double theta = largestEigenpair(alpha, beta, size, new double[size]);
    double estimate = Math.sqrt(Math.max(theta, 0)) * Math.scalb(1.0, -scale);
    return estimate * (1 + relativeTolerance) >= ceiling;
  }

  private PowerIteration.Result result(double[] v, double theta, int products, boolean converged) {
    operator.apply(v, image);
    double estimate =
        Math.max(Math.sqrt(Math.max(theta, 0)) * Math.scalb(1.0, -scale), VectorNorms.norm2(image));
    return new PowerIteration.Result(estimate, v.clone(), products, converged);
  }

  /**
   * Computes {@code out = (2ˢA)ᵀ(2ˢA)x}: with the fused Gram product when {@code |s|} is small
   * enough that {@code AᵀAx} can neither overflow nor underflow ({@code ‖AᵀAx‖ ≤ ‖|A|‖²‖x‖} with
   * {@code ‖|A|‖ < 2^{1−s}}), otherwise in two scaled passes.
   */
  private void multiply(double[] x, double[] out) {
    if (Math.abs(scale) <= MAX_FUSED_SCALE) {
      operator.applyGram(x, image, out, scratch);
      for (int i = 0; i < out.length; i++) {
        out[i] = Math.scalb(out[i], 2 * scale);
      }
      return;
    }
    operator.apply(x, image);
    for (int i = 0; i < image.length; i++) {
      image[i] = Math.scalb(image[i], scale);
    }
    operator.applyAdjoint(image, out);
    for (int i = 0; i < out.length; i++) {
      out[i] = Math.scalb(out[i], scale);
    }
  }

  /**
   * Returns the largest eigenvalue of the tridiagonal {@code T} and its eigenvector in {@code s}.
   */
  private static double largestEigenpair(double[] alpha, double[] beta, int size, double[] s) {
    DMatrixRMaj t = new DMatrixRMaj(size, size);
    for (int j = 0; j < size; j++) {
      t.set(j, j, alpha[j]);
      if (j + 1 < size) {
        t.set(j, j + 1, beta[j + 1]);
        t.set(j + 1, j, beta[j + 1]);
      }
    }
    EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(size, true, true);
    if (!eig.decompose(t)) {
      s[0] = 1;
      return alpha[0];
    }
    int best = 0;
    for (int i = 1; i < size; i++) {
      if (eig.getEigenvalue(i).real > eig.getEigenvalue(best).real) {
        best = i;
      }
    }
    DMatrixRMaj vector = eig.getEigenVector(best);
    for (int j = 0; j < size; j++) {
      s[j] = vector.get(j, 0);
    }
    return eig.getEigenvalue(best).real;
  }

  private static double dot(double[] a, double[] b) {
    double sum = 0;
    for (int i = 0; i < a.length; i++) {
      sum += a[i] * b[i];
    }
    return sum;
  }

  private static void axpy(double a, double[] x, double[] y) {
    for (int i = 0; i < y.length; i++) {
      y[i] += a * x[i];
    }
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
