package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.spectral.LanczosIteration;
import org.lipcert.core.spectral.PositiveSemidefiniteCertificate;
import org.lipcert.core.spectral.PowerIteration;

/**
 * LipSDP-Neuron (M. Fazlyab, A. Robey, H. Hassani, M. Morari, G. Pappas, "Efficient and accurate
 * estimation of Lipschitz constants for deep neural networks", NeurIPS 2019) for a chain {@code f =
 * W_L φ(W_{L−1} ⋯ φ(W_0 x))} of dense layers and element-wise activations whose slopes lie in
 * {@code [α_i, β_i]} per neuron, solved without an SDP library.
 *
 * <p><b>Certificate.</b> For diagonal {@code T_j ⪰ 0} (one per hidden layer {@code j = 1..L}) let
 * {@code M(ρ, T)} be the symmetric block-tridiagonal matrix over {@code (x, v₁, …, v_L)} with
 * diagonal blocks {@code −ρI − 2W₀ᵀ(αβT)₁W₀}, {@code −2T_j − 2W_jᵀ(αβT)_{j+1}W_j} and {@code −2T_L
 * + W_LᵀW_L}, and off-diagonal blocks {@code ((α + β)T)_j W_{j−1}}. Every neuron satisfies the
 * incremental quadratic constraint {@code (Δv − αΔz)(βΔz − Δv) ≥ 0} for its pre-activation and
 * output differences (the slopes of a scalar map with derivative in {@code [α, β]}); weighted by
 * {@code 2t_i ≥ 0} and summed they are exactly the {@code T}-terms of {@code wᵀM(ρ, T)w} for {@code
 * w = (Δx, Δv₁, …, Δv_L)}. So {@code M(ρ, T) ⪯ 0} gives {@code ‖Δf‖² − ρ‖Δx‖² ≤ −Σ(constraints) ≤
 * 0}: {@code Lip(f) ≤ √ρ} (Fazlyab et al., Theorem 2, with the neuron-wise diagonal {@code T} that
 * is sound).
 *
 * <p><b>Without an SDP solver.</b> Write {@code M = [[−ρI + D, Cᵀ], [C, H]]} with {@code H} the
 * hidden block. If {@code H ≺ 0} the smallest feasible {@code ρ} for this {@code T} is {@code ρ(T)
 * = λ_max(D + Cᵀ(−H)⁻¹C)} (Schur complement), computed layer by layer: a block Cholesky
 * factorisation of the block-tridiagonal {@code −H} and a Lanczos estimate of {@code λ_max} — never
 * a dense matrix of the network's size. Every {@code T} gives a bound, so {@code T} is improved by
 * multiplicative gradient steps on {@code log T}, the gradient of {@code ρ(T)} coming from the null
 * vector of {@code M(ρ(T), T)} (envelope theorem), starting from the ECLipsE-Fast point (Y. Xu, S.
 * Sivaranjani, "ECLipsE: Efficient Compositional Lipschitz Constant Estimation for Deep Neural
 * Networks", NeurIPS 2024) with {@code m = β/2}. Because the eigenvalue is only estimated, the
 * final {@code ρ = ρ̂(1 + δ)} is confirmed by proving {@code −M(ρ, T) ⪰ 0} with {@link
 * PositiveSemidefiniteCertificate} (Rump 2006), including a bound on the rounding error of forming
 * {@code M}; only a confirmed {@code ρ} is returned.
 */
public final class LipSdpNeuron {

  /** Relative slacks tried for the confirmation, smallest first. */
  private static final double[] CONFIRMATION_SLACKS = {1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 5e-2};

  /** The number of steps over which progress is measured for stopping. */
  private static final int STALL_WINDOW = 50;

  /** Stop when {@code log ρ} falls by less than this over {@link #STALL_WINDOW} steps. */
  private static final double STALL_DECREASE = 1e-6;

  /** The largest {@code n₀ + Σn_j} for which the confirmation's dense factorisation is run. */
  public static final int MAX_CERTIFIED_SIZE = 2500;

  private final List<DenseMatrix> weights;
  private final double[][] alpha;
  private final double[][] beta;
  private final int hidden;

  /**
   * The outcome.
   *
   * @param upper the certified bound {@code √ρ} on {@code Lip(f)}, or NaN if no {@code ρ} could be
   *     confirmed
   * @param estimate the estimated {@code √ρ(T)} at the final {@code T}
   * @param steps the gradient steps taken
   */
  public record Result(double upper, double estimate, int steps) {}

  /**
   * Sets up the problem.
   *
   * @param weights {@code W₀, …, W_L}, {@code W_j} mapping layer {@code j} to {@code j + 1}
   * @param alpha per hidden layer {@code j = 1..L} (index {@code j − 1}) and neuron, the slope
   *     lower bound
   * @param beta the slope upper bounds, same layout
   */
  public LipSdpNeuron(List<DenseMatrix> weights, double[][] alpha, double[][] beta) {
    if (weights.size() < 2 || alpha.length != weights.size() - 1) {
      throw new IllegalArgumentException("LipSDP needs at least one hidden layer");
    }
    this.weights = List.copyOf(weights);
    this.alpha = alpha;
    this.beta = beta;
    this.hidden = weights.size() - 1;
  }

  /** Returns {@code n₀ + Σ_j n_j}, the size of {@code M}. */
  public int size() {
    int n = weights.get(0).cols();
    for (int j = 0; j < hidden; j++) {
      n += weights.get(j).rows();
    }
    return n;
  }

  /**
   * Optimises {@code T} and confirms the bound.
   *
   * @param seed seed of the Lanczos start vectors
   * @param maxEvaluations the cap on evaluations of {@code ρ(T)} — a work budget rather than a time
   *     budget, so that the same model and options always give the same bound
   * @return the certified bound (or NaN) and the estimate
   */
  public Result bound(long seed, int maxEvaluations) {
    return bound(seed, maxEvaluations, Deadline.NONE);
  }

  /**
   * Optimises {@code T} and confirms the bound, stopping the optimisation early when the deadline
   * expires (the bound of the iterate reached is confirmed as usual).
   *
   * @param seed seed of the Lanczos start vectors
   * @param maxEvaluations the cap on evaluations of {@code ρ(T)}
   * @param deadline when to stop optimising
   * @return the certified bound (or NaN) and the estimate
   */
  public Result bound(long seed, int maxEvaluations, Deadline deadline) {
    int[] evaluations = {0};
    return bound(seed, maxEvaluations, evaluations, deadline);
  }

  /**
   * Returns an estimate of the floating-point operations one evaluation of {@code ρ(T)} costs: the
   * block Cholesky factorisation, the solves for the coupling and a Lanczos run.
   */
  public double evaluationCost() {
    int n0 = weights.get(0).cols();
    double cost = 0;
    double hiddenTotal = 0;
    for (int j = 0; j < hidden; j++) {
      double n = weights.get(j).rows();
      cost += n * n * n / 3 + 2 * n * n * n0 + 2 * n * weights.get(j + 1).rows() * n;
      hiddenTotal += n;
    }
    return cost + 200 * hiddenTotal * n0;
  }

  private Result bound(long seed, int maxEvaluations, int[] evaluations, Deadline deadline) {
    double[][] t = eclipseStart();
    Evaluation current = evaluate(t, seed);
    for (int scale = 0; current == null && scale < 60; scale++) {
      for (double[] layer : t) {
        for (int i = 0; i < layer.length; i++) {
          layer[i] *= 2;
        }
      }
      current = evaluate(t, seed);
    }
    if (current == null) {
      return new Result(Double.NaN, Double.NaN, 0);
    }
    // L-BFGS on φ(x) = log ρ(e^x), x = log T: scale-free, and every iterate is a valid T
    int n = 0;
    for (double[] layer : t) {
      n += layer.length;
    }
    double[] x = flatten(t, true);
    double phi = Math.log(current.rho);
    double[] grad = logGradient(t, current);
    java.util.ArrayDeque<double[][]> memory = new java.util.ArrayDeque<>();
    // earlier iterates, in case the last one cannot be confirmed: L-BFGS may drive the hidden
    // block to singularity along a direction ρ does not see, leaving no provable slack
    List<double[][]> checkpoints = new ArrayList<>();
    List<Double> checkpointRhos = new ArrayList<>();
    checkpoints.add(t);
    checkpointRhos.add(current.rho);
    int steps = 0;
    double[] history = new double[STALL_WINDOW];
    while (evaluations[0] < maxEvaluations && !deadline.expired()) {
      if (steps >= STALL_WINDOW && history[steps % STALL_WINDOW] - phi < STALL_DECREASE) {
        break; // log ρ fell by less than 1e-6 (relative) over the last STALL_WINDOW steps
      }
      history[steps % STALL_WINDOW] = phi;
      double[] direction = twoLoop(grad, memory);
      double slope = dot(grad, direction);
      if (!(slope < 0)) {
        memory.clear();
        direction = negate(grad);
        slope = dot(grad, direction);
      }
      double maxComponent = 0;
      for (double d : direction) {
        maxComponent = Math.max(maxComponent, Math.abs(d));
      }
      double step = memory.isEmpty() ? Math.min(1, 1 / Math.max(maxComponent, 1e-300)) : 1;
      step = Math.min(step, 4 / Math.max(maxComponent, 1e-300));
      boolean accepted = false;
      for (int tries = 0; tries < 40 && evaluations[0] < maxEvaluations; tries++) {
        double[] candidateX = new double[n];
        for (int k = 0; k < n; k++) {
          candidateX[k] = x[k] + step * direction[k];
        }
        double[][] candidateT = unflatten(candidateX, t);
        Evaluation candidate = evaluate(candidateT, seed);
        evaluations[0]++;
        if (candidate != null) {
          double candidatePhi = Math.log(candidate.rho);
          if (candidatePhi <= phi + 1e-4 * step * slope) {
            double[] candidateGrad = logGradient(candidateT, candidate);
            double[] sk = new double[n];
            double[] yk = new double[n];
            for (int k = 0; k < n; k++) {
              sk[k] = candidateX[k] - x[k];
              yk[k] = candidateGrad[k] - grad[k];
            }
            if (dot(sk, yk) > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
              memory.addLast(new double[][] {sk, yk});
              if (memory.size() > 10) {
                memory.removeFirst();
              }
            }
            x = candidateX;
            t = candidateT;
            current = candidate;
            grad = candidateGrad;
            accepted = phi - candidatePhi > 1e-10;
            phi = candidatePhi;
            break;
          }
        }
        step /= 2;
      }
      steps++;
      if ((steps & (steps - 1)) == 0) {
        checkpoints.add(t);
        checkpointRhos.add(current.rho);
      }
      if (!accepted) {
        if (memory.isEmpty()) {
          break;
        }
        memory.clear();
      }
    }
    double upper = confirm(t, current.rho);
    for (int k = checkpoints.size() - 1; Double.isNaN(upper) && k >= 0; k--) {
      upper = confirm(checkpoints.get(k), checkpointRhos.get(k));
    }
    return new Result(upper, Math.sqrt(current.rho), steps);
  }

  /** Returns {@code ∂ log ρ / ∂ log t = t·(∂ρ/∂t)/ρ}, flattened. */
  private static double[] logGradient(double[][] t, Evaluation evaluation) {
    int n = 0;
    for (double[] layer : t) {
      n += layer.length;
    }
    double[] g = new double[n];
    int k = 0;
    for (int j = 0; j < t.length; j++) {
      for (int i = 0; i < t[j].length; i++) {
        g[k++] = t[j][i] * evaluation.gradient[j][i] / evaluation.rho;
      }
    }
    return g;
  }

  private static double[] flatten(double[][] t, boolean log) {
    int n = 0;
    for (double[] layer : t) {
      n += layer.length;
    }
    double[] x = new double[n];
    int k = 0;
    for (double[] layer : t) {
      for (double v : layer) {
        x[k++] = log ? Math.log(v) : v;
      }
    }
    return x;
  }

  private static double[][] unflatten(double[] x, double[][] shape) {
    double[][] t = new double[shape.length][];
    int k = 0;
    for (int j = 0; j < shape.length; j++) {
      t[j] = new double[shape[j].length];
      for (int i = 0; i < t[j].length; i++) {
        t[j][i] = Math.exp(x[k++]);
      }
    }
    return t;
  }

  /** The L-BFGS two-loop recursion (Nocedal &amp; Wright, Algorithm 7.4): returns {@code −Hg}. */
  private static double[] twoLoop(double[] g, java.util.Deque<double[][]> memory) {
    double[] q = g.clone();
    int m = memory.size();
    double[] a = new double[m];
    double[][][] pairs = memory.toArray(new double[0][][]);
    for (int i = m - 1; i >= 0; i--) {
      double rho = 1 / dot(pairs[i][1], pairs[i][0]);
      a[i] = rho * dot(pairs[i][0], q);
      for (int k = 0; k < q.length; k++) {
        q[k] -= a[i] * pairs[i][1][k];
      }
    }
    if (m > 0) {
      double gammaScale =
          dot(pairs[m - 1][0], pairs[m - 1][1]) / dot(pairs[m - 1][1], pairs[m - 1][1]);
      for (int k = 0; k < q.length; k++) {
        q[k] *= gammaScale;
      }
    }
    for (int i = 0; i < m; i++) {
      double rho = 1 / dot(pairs[i][1], pairs[i][0]);
      double b = rho * dot(pairs[i][1], q);
      for (int k = 0; k < q.length; k++) {
        q[k] += pairs[i][0][k] * (a[i] - b);
      }
    }
    return negate(q);
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  private static double[] negate(double[] a) {
    double[] b = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      b[i] = -a[i];
    }
    return b;
  }

  /** The estimate {@code ρ(T)} and its gradient with respect to {@code T}. */
  record Evaluation(double rho, double[][] gradient) {}

  /**
   * Returns {@code ρ(T)} and its gradient, or {@code null} if {@code H(T)} is not negative
   * definite.
   */
  Evaluation evaluate(double[][] t, long seed) {
    int n0 = weights.get(0).cols();
    BlockCholesky chol = BlockCholesky.factor(this, t);
    if (chol == null) {
      return null;
    }
    // C₁ = ((α + β)T)₁W₀ and the rows R = √(−2αβt)·W₀ for neurons with αβ < 0
    DenseMatrix w0 = weights.get(0);
    int n1 = w0.rows();
    DMatrixRMaj c1 = new DMatrixRMaj(n1, n0);
    int negative = 0;
    for (int i = 0; i < n1; i++) {
      double f = (alpha[0][i] + beta[0][i]) * t[0][i];
      for (int k = 0; k < n0; k++) {
        c1.unsafe_set(i, k, f * w0.get(i, k));
      }
      if (alpha[0][i] * beta[0][i] < 0) {
        negative++;
      }
    }
    DMatrixRMaj[] y = chol.solveLower(c1);
    int rows = negative;
    for (DMatrixRMaj block : y) {
      rows += block.numRows;
    }
    double[] stacked = new double[rows * n0];
    int row = 0;
    for (DMatrixRMaj block : y) {
      System.arraycopy(block.data, 0, stacked, row * n0, block.numRows * n0);
      row += block.numRows;
    }
    for (int i = 0; i < n1; i++) {
      double ab = alpha[0][i] * beta[0][i];
      if (ab < 0) {
        double f = Math.sqrt(-2 * ab * t[0][i]);
        for (int k = 0; k < n0; k++) {
          stacked[row * n0 + k] = f * w0.get(i, k);
        }
        row++;
      }
    }
    DenseMatrix k = DenseMatrix.of(rows, n0, stacked);
    PowerIteration.Result top =
        new LanczosIteration(k, LanczosIteration.DEFAULT_SUBSPACE)
            .run(PowerIteration.randomUnitVector(n0, seed), 1e-10, 300);
    double rho = top.estimate() * top.estimate();
    if (!(rho > 0) || !Double.isFinite(rho)) {
      return null;
    }
    double[] u = top.vector();
    // null vector w = (u, y) with y = (−H)⁻¹Cu, and dρ/dt_{j,i} = wᵀ(∂M/∂t_{j,i})w / ‖u‖²
    double[] cu = new double[n1];
    for (int i = 0; i < n1; i++) {
      double s = 0;
      for (int kk = 0; kk < n0; kk++) {
        s += c1.unsafe_get(i, kk) * u[kk];
      }
      cu[i] = s;
    }
    double[][] v = chol.solve(cu);
    double[][] gradient = new double[hidden][];
    double[] previous = u;
    for (int j = 0; j < hidden; j++) {
      DenseMatrix w = weights.get(j);
      double[] z = new double[w.rows()];
      w.apply(previous, z);
      gradient[j] = new double[z.length];
      for (int i = 0; i < z.length; i++) {
        double a = alpha[j][i];
        double b = beta[j][i];
        gradient[j][i] = -2 * (v[j][i] - a * z[i]) * (v[j][i] - b * z[i]);
      }
      previous = v[j];
    }
    return new Evaluation(rho, gradient);
  }

  /**
   * Returns ECLipsE-Fast-style starting multipliers {@code T_j = ρ·l_j I}: eliminating the blocks
   * of {@code −M} one layer at a time with {@code ρ} factored out gives {@code X₀ = I}, {@code X_j
   * = 2l_j I − k_j²l_j²W_{j−1}X_{j−1}⁻¹W_{j−1}ᵀ} ({@code k_j = max(α + β)} of the layer; the {@code
   * αβ} terms are left out), positive definite for {@code l_j =
   * 1/(k_j²λ_max(W_{j−1}X_{j−1}⁻¹W_{j−1}ᵀ))} since then {@code X_j ⪰ l_j I}; the last block
   * requires {@code ρ ≥ λ_max(X_L⁻¹W_LᵀW_L)}. For slopes in {@code [0, β]} this point is feasible;
   * otherwise the caller scales it up until it is.
   */
  double[][] eclipseStart() {
    double[][] t = new double[hidden][];
    DMatrixRMaj xInverse = CommonOps_DDRM.identity(weights.get(0).cols());
    for (int j = 0; j < hidden; j++) {
      DenseMatrix w = weights.get(j);
      double k = 0;
      for (int i = 0; i < alpha[j].length; i++) {
        k = Math.max(k, alpha[j][i] + beta[j][i]);
      }
      k = Math.max(k, 1e-6);
      DMatrixRMaj wm = DMatrixRMaj.wrap(w.rows(), w.cols(), w.toRowMajorArray());
      DMatrixRMaj tmp = new DMatrixRMaj(w.rows(), w.cols());
      CommonOps_DDRM.mult(wm, xInverse, tmp);
      DMatrixRMaj p = new DMatrixRMaj(w.rows(), w.rows());
      CommonOps_DDRM.multTransB(tmp, wm, p);
      double lambda = largestEigenvalue(p);
      double l = lambda > 0 ? 1 / (k * k * lambda) : 1;
      t[j] = new double[w.rows()];
      java.util.Arrays.fill(t[j], l);
      DMatrixRMaj x = new DMatrixRMaj(w.rows(), w.rows());
      for (int a = 0; a < w.rows(); a++) {
        for (int b = 0; b < w.rows(); b++) {
          x.set(a, b, (a == b ? 2 * l : 0) - l * l * k * k * p.get(a, b));
        }
      }
      xInverse = x;
      if (!CommonOps_DDRM.invert(xInverse)) {
        xInverse = CommonOps_DDRM.identity(w.rows());
      }
    }
    DenseMatrix out = weights.get(hidden);
    DMatrixRMaj wl = DMatrixRMaj.wrap(out.rows(), out.cols(), out.toRowMajorArray());
    DMatrixRMaj gram = new DMatrixRMaj(out.cols(), out.cols());
    CommonOps_DDRM.multTransA(wl, wl, gram);
    DMatrixRMaj product = new DMatrixRMaj(out.cols(), out.cols());
    CommonOps_DDRM.mult(xInverse, gram, product);
    double rho = largestEigenvalue(symmetrized(product)) * 1.01;
    if (!(rho > 0) || !Double.isFinite(rho)) {
      rho = 1;
    }
    for (double[] layer : t) {
      for (int i = 0; i < layer.length; i++) {
        layer[i] *= rho;
      }
    }
    return t;
  }

  /** Returns an upper estimate of the spectral radius through the symmetric part, for a start. */
  private static DMatrixRMaj symmetrized(DMatrixRMaj a) {
    DMatrixRMaj s = new DMatrixRMaj(a.numRows, a.numCols);
    for (int i = 0; i < a.numRows; i++) {
      for (int j = 0; j < a.numCols; j++) {
        s.set(i, j, 0.5 * (a.get(i, j) + a.get(j, i)));
      }
    }
    return s;
  }

  private static double largestEigenvalue(DMatrixRMaj symmetric) {
    var eig = DecompositionFactory_DDRM.eig(symmetric.numRows, false, true);
    if (!eig.decompose(symmetric.copy())) {
      return CommonOps_DDRM.elementMaxAbs(symmetric) * symmetric.numRows;
    }
    double max = 0;
    for (int i = 0; i < symmetric.numRows; i++) {
      max = Math.max(max, eig.getEigenvalue(i).real);
    }
    return max;
  }

  /**
   * Returns {@code √ρ} rounded up for the smallest {@code ρ = ρ̂(1 + δ)} for which {@code −M(ρ, T)
   * ⪰ 0} is proven, or NaN.
   */
  private double confirm(double[][] t, double rhoEstimate) {
    if (size() > MAX_CERTIFIED_SIZE) {
      return Double.NaN;
    }
    for (double delta : CONFIRMATION_SLACKS) {
      double rho = UpwardArithmetic.multiply(rhoEstimate, 1 + delta);
      Assembled m = assembleNegativeM(t, rho);
      if (PositiveSemidefiniteCertificate.proves(m.matrix, m.error)) {
        return UpwardArithmetic.sqrt(rho);
      }
    }
    return Double.NaN;
  }

  /** {@code −M(ρ, T)} and a bound on the rounding error of forming it. */
  private record Assembled(DMatrixRMaj matrix, double error) {}

  /**
   * Forms {@code −M(ρ, T)} densely with an entrywise bound on its rounding error, then applies the
   * congruence {@code S(−M)S}, {@code S = diag(1/√m_ii)} (which preserves semidefiniteness), so
   * that blocks of very different scales — {@code ρ} next to small multipliers — do not drown the
   * certificate's shift. Entry errors: a sum {@code Σ_i c_i w_ia w_ib (+ d)} of {@code r} products
   * of three factors errs by at most {@code γ_{r+4}(Σ|c_i||w_ia||w_ib| + |d|)} (Higham 2002, eq.
   * 3.5); an off-diagonal entry {@code −(α + β)t·w} by {@code 3u|entry|}·1.01; the scaling by two
   * roundings, {@code 2u|scaled entry|}·1.01; the scaled error is {@code E_ij s_i s_j}. The
   * result's error is the Frobenius norm of all that.
   */
  private Assembled assembleNegativeM(double[][] t, double rho) {
    int n = size();
    int[] offset = new int[hidden + 2];
    offset[1] = weights.get(0).cols();
    for (int j = 0; j < hidden; j++) {
      offset[j + 2] = offset[j + 1] + weights.get(j).rows();
    }
    DMatrixRMaj m = new DMatrixRMaj(n, n);
    DMatrixRMaj e = new DMatrixRMaj(n, n);
    double u = RoundingModel.UNIT_ROUNDOFF;
    for (int j = 0; j <= hidden; j++) {
      DenseMatrix w = weights.get(j);
      int size = w.cols();
      int base = offset[j];
      int rows = w.rows();
      double[] c = new double[rows];
      boolean any = false;
      for (int i = 0; i < rows; i++) {
        c[i] = j < hidden ? 2 * alpha[j][i] * beta[j][i] * t[j][i] : -1;
        any |= c[i] != 0;
      }
      double gamma = RoundingModel.gamma(rows + 4L);
      for (int a = 0; a < size; a++) {
        for (int b = 0; b <= a; b++) {
          double sum = 0;
          double abs = 0;
          if (any) {
            for (int i = 0; i < rows; i++) {
              double term = c[i] * w.get(i, a) * w.get(i, b);
              sum += term;
              abs += Math.abs(term);
            }
          }
          if (a == b) {
            double d = j == 0 ? rho : 2 * t[j - 1][a];
            sum += d;
            abs += Math.abs(d);
          }
          double error = gamma * abs * 1.01;
          m.unsafe_set(base + a, base + b, sum);
          m.unsafe_set(base + b, base + a, sum);
          e.unsafe_set(base + a, base + b, error);
          e.unsafe_set(base + b, base + a, error);
        }
      }
      if (j < hidden) {
        int rowBase = offset[j + 1];
        for (int i = 0; i < rows; i++) {
          double f = -(alpha[j][i] + beta[j][i]) * t[j][i];
          for (int k = 0; k < size; k++) {
            double value = f * w.get(i, k);
            double error = 3 * u * Math.abs(value) * 1.01;
            m.unsafe_set(rowBase + i, base + k, value);
            m.unsafe_set(base + k, rowBase + i, value);
            e.unsafe_set(rowBase + i, base + k, error);
            e.unsafe_set(base + k, rowBase + i, error);
          }
        }
      }
    }
    double[] scale = new double[n];
    for (int i = 0; i < n; i++) {
      double d = m.unsafe_get(i, i);
      scale[i] = d > 0 ? 1 / Math.sqrt(d) : 1;
    }
    double errorSquared = 0;
    for (int i = 0; i < n; i++) {
      for (int k = 0; k < n; k++) {
        double scaled = m.unsafe_get(i, k) * scale[i] * scale[k];
        m.unsafe_set(i, k, scaled);
        double error =
            e.unsafe_get(i, k) * scale[i] * scale[k] * 1.01 + 2 * u * Math.abs(scaled) * 1.01;
        errorSquared += error * error;
      }
    }
    return new Assembled(
        m,
        UpwardArithmetic.add(
            UpwardArithmetic.multiply(UpwardArithmetic.sqrt(errorSquared), 1.01),
            RoundingModel.underflowAllowance(8L * n * n)));
  }

  /**
   * The block Cholesky factorisation {@code −H = LLᵀ} of the block-tridiagonal hidden block:
   * diagonal blocks {@code L_jj}, sub-diagonal blocks {@code L_{j+1,j}}.
   */
  private static final class BlockCholesky {
    private final DMatrixRMaj[] diagonal;
    private final DMatrixRMaj[] below;

    private BlockCholesky(DMatrixRMaj[] diagonal, DMatrixRMaj[] below) {
      this.diagonal = diagonal;
      this.below = below;
    }

    /** Returns the factors, or {@code null} if {@code −H} is not positive definite. */
    static BlockCholesky factor(LipSdpNeuron problem, double[][] t) {
      int hidden = problem.hidden;
      DMatrixRMaj[] diagonal = new DMatrixRMaj[hidden];
      DMatrixRMaj[] below = new DMatrixRMaj[hidden];
      DMatrixRMaj carry = null;
      for (int j = 0; j < hidden; j++) {
        // block (j, j) of −H, for v_{j+1} in the 1-based notation: 2T + 2WᵀdiagW or 2T − W_LᵀW_L
        DenseMatrix next = problem.weights.get(j + 1);
        int n = next.cols();
        DMatrixRMaj a = new DMatrixRMaj(n, n);
        for (int p = 0; p < n; p++) {
          a.unsafe_set(p, p, 2 * t[j][p]);
        }
        boolean last = j == hidden - 1;
        for (int i = 0; i < next.rows(); i++) {
          double c = last ? -1 : 2 * problem.alpha[j + 1][i] * problem.beta[j + 1][i] * t[j + 1][i];
          if (c == 0) {
            continue;
          }
          for (int p = 0; p < n; p++) {
            double wp = next.get(i, p) * c;
            if (wp == 0) {
              continue;
            }
            for (int q = 0; q < n; q++) {
              a.unsafe_set(p, q, a.unsafe_get(p, q) + wp * next.get(i, q));
            }
          }
        }
        if (carry != null) {
          DMatrixRMaj product = new DMatrixRMaj(n, n);
          CommonOps_DDRM.multTransB(below[j], below[j], product);
          CommonOps_DDRM.subtractEquals(a, product);
        }
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (!chol.decompose(a)) {
          return null;
        }
        diagonal[j] = chol.getT(null);
        if (!last) {
          // block (j + 1, j) of −H: −((α + β)T)_{j+2} W_{j+1}, then L_{j+1,j} = A L_jj⁻ᵀ
          DenseMatrix w = problem.weights.get(j + 1);
          DMatrixRMaj off = new DMatrixRMaj(w.rows(), w.cols());
          for (int i = 0; i < w.rows(); i++) {
            double f = -(problem.alpha[j + 1][i] + problem.beta[j + 1][i]) * t[j + 1][i];
            for (int k = 0; k < w.cols(); k++) {
              off.unsafe_set(i, k, f * w.get(i, k));
            }
          }
          DMatrixRMaj l = new DMatrixRMaj(w.rows(), w.cols());
          // solve L_jj Xᵀ = offᵀ  ⇔  X = off L_jj⁻ᵀ
          DMatrixRMaj offT = new DMatrixRMaj(w.cols(), w.rows());
          CommonOps_DDRM.transpose(off, offT);
          org.ejml.dense.row.decomposition.TriangularSolver_DDRM.solveL(
              diagonal[j].data, offT.data, w.cols(), w.rows());
          CommonOps_DDRM.transpose(offT, l);
          below[j + 1] = l;
          carry = l;
        }
      }
      return new BlockCholesky(diagonal, below);
    }

    /** Returns {@code Y_j} with {@code L Y = [C; 0; …; 0]}, {@code C} the coupling to x. */
    DMatrixRMaj[] solveLower(DMatrixRMaj c) {
      int blocks = diagonal.length;
      DMatrixRMaj[] y = new DMatrixRMaj[blocks];
      DMatrixRMaj rhs = c.copy();
      for (int j = 0; j < blocks; j++) {
        if (j > 0) {
          rhs = new DMatrixRMaj(below[j].numRows, c.numCols);
          CommonOps_DDRM.mult(-1, below[j], y[j - 1], rhs);
        }
        org.ejml.dense.row.decomposition.TriangularSolver_DDRM.solveL(
            diagonal[j].data, rhs.data, diagonal[j].numRows, rhs.numCols);
        y[j] = rhs;
      }
      return y;
    }

    /** Returns {@code (−H)⁻¹ [b; 0; …; 0]} block by block. */
    double[][] solve(double[] b) {
      int blocks = diagonal.length;
      double[][] y = new double[blocks][];
      for (int j = 0; j < blocks; j++) {
        int n = diagonal[j].numRows;
        double[] rhs = new double[n];
        if (j == 0) {
          System.arraycopy(b, 0, rhs, 0, n);
        } else {
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < below[j].numCols; k++) {
              s += below[j].unsafe_get(i, k) * y[j - 1][k];
            }
            rhs[i] = -s;
          }
        }
        org.ejml.dense.row.decomposition.TriangularSolver_DDRM.solveL(diagonal[j].data, rhs, n);
        y[j] = rhs;
      }
      // backward: Lᵀ x = y
      double[][] x = new double[blocks][];
      for (int j = blocks - 1; j >= 0; j--) {
        int n = diagonal[j].numRows;
        double[] rhs = y[j].clone();
        if (j + 1 < blocks) {
          for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k < below[j + 1].numRows; k++) {
              s += below[j + 1].unsafe_get(k, i) * x[j + 1][k];
            }
            rhs[i] -= s;
          }
        }
        org.ejml.dense.row.decomposition.TriangularSolver_DDRM.solveTranL(diagonal[j].data, rhs, n);
        x[j] = rhs;
      }
      return x;
    }
  }
}
