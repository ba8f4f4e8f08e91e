package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.Norm;

/**
 * The witness search for the ℓ1 and ℓ∞ Lipschitz constants: a certified lower bound from evaluated
 * difference quotients {@code ‖f(x + hv) − f(x)‖_p / ‖hv‖_p} ({@link DifferenceQuotient}).
 *
 * <p>At each seeded point {@code x} (drawn as in {@link WitnessSearch}, scales {@code 1, 1/2, …,
 * 1/32}), the direction comes from the norm's own structure. {@code ‖J‖₁} is attained at a unit
 * vector {@code e_j} and {@code ‖J‖_∞ = ‖Jᵀ‖₁} at the sign vector of a row, so Hager's estimator
 * (W. W. Hager, "Condition estimates", SIAM J. Sci. Stat. Comput. 5, 1984; N. J. Higham, ACM TOMS
 * 14, 1988) on {@code J} or {@code Jᵀ}, with Jacobian-vector and vector-Jacobian products, finds
 * the column or row to step along in a few iterations. The best pairs are then widened by powers of
 * two until their certified rounding error is small. Like the ℓ2 search, it is counted in work, not
 * time, and the Jacobian only steers it: the reported number is an evaluated quotient.
 */
final class InducedNormWitnessSearch {

  /** Hager iterations per point; the estimator usually stops after two. */
  static final int HAGER_ITERATIONS = 5;

  /**
   * Up to this many columns (ℓ1) or rows (ℓ∞), the Jacobian's are all measured at each point
   * instead of estimated: Hager's estimator can stop at a local maximum.
   */
  static final int EXHAUSTIVE_MAX = 128;

  /** The best sampled pairs that are widened and certified. */
  static final int CERTIFIED_PAIRS = 4;

  private InducedNormWitnessSearch() {}

  /**
   * Runs the search.
   *
   * @param graph the network
   * @param options the seed, the number of points (which sets the work budget) and the step
   * @param norm {@link Norm#L1} or {@link Norm#LINF}
   * @param deadline when to stop sampling early
   * @return the best certified witness
   */
  static WitnessSearch.Witness search(
      Graph graph, WitnessSearch.Options options, Norm norm, Deadline deadline) {
    int n = graph.inputShape().size();
    Random random = new Random(options.seed());
    double cost = Math.max(1, graph.forwardCost());
    double effort = options.samples() / (double) WitnessSearch.Options.DEFAULT_SAMPLES;
    int size =
        norm == Norm.L1 ? n : graph.nodes().get(graph.nodes().size() - 1).outputShape().size();
    int products = size <= EXHAUSTIVE_MAX ? size + 1 : 2 * HAGER_ITERATIONS + 1;
    int samples =
        (int)
            Math.max(
                options.samples(),
                Math.min(
                    WitnessSearch.MAX_SAMPLES,
                    effort * WitnessSearch.SAMPLING_WORK / (cost * (products + 3))));
    double[] none = new double[graph.nodes().size()];
    java.util.Arrays.fill(none, Double.NaN);
    List<Candidate> candidates = new ArrayList<>();
    for (int sample = 0; sample < samples && !(sample > 0 && deadline.expired()); sample++) {
      double scale = Math.scalb(1.0, -(sample % WitnessSearch.SCALES));
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = scale * (2 * random.nextDouble() - 1);
      }
      double[] v = direction(graph, x, norm);
      double step = options.relativeStep() * Math.max(1, DifferenceQuotient.plainNorm(x, norm));
      double vNorm = DifferenceQuotient.plainNorm(v, norm);
      if (vNorm == 0) {
        continue;
      }
      double[] y = new double[n];
      for (int i = 0; i < n; i++) {
        y[i] = x[i] + step / vNorm * v[i];
      }
      double[] fx = graph.evaluate(x)[graph.nodes().size() - 1];
      double[] fy = graph.evaluate(y)[graph.nodes().size() - 1];
      double[] dy = new double[fx.length];
      double[] dx = new double[n];
      for (int i = 0; i < fx.length; i++) {
        dy[i] = fy[i] - fx[i];
      }
      for (int i = 0; i < n; i++) {
        dx[i] = y[i] - x[i];
      }
      double denominator = DifferenceQuotient.plainNorm(dx, norm);
      if (denominator > 0) {
        candidates.add(
            new Candidate(
                sample, x, v, step / vNorm, DifferenceQuotient.plainNorm(dy, norm) / denominator));
      }
    }
    candidates.sort(
        Comparator.comparingDouble((Candidate c) -> -c.quotient).thenComparingInt(c -> c.sample));
    WitnessSearch.Witness best =
        new WitnessSearch.Witness(0, 0, options.seed(), 0, 0, WitnessSearch.sha256(new double[n]));
    for (int k = 0; k < Math.min(CERTIFIED_PAIRS, candidates.size()); k++) {
      Candidate c = candidates.get(k);
      double widest =
          Math.max(1, DifferenceQuotient.plainNorm(c.x, norm)) / (c.step * norm(c.v, norm));
      for (double factor = 1; factor <= Math.max(1, widest); factor *= 2) {
        DifferenceQuotient.Result result =
            DifferenceQuotient.evaluate(graph, c.x, c.v, factor * c.step, none, norm);
        if (result.lowerBound() > best.lowerBound()) {
          best =
              new WitnessSearch.Witness(
                  result.lowerBound(),
                  result.quotient(),
                  options.seed(),
                  c.sample,
                  factor * c.step * norm(c.v, norm),
                  WitnessSearch.sha256(c.x));
        }
        if (result.lowerBound() >= 0.999 * result.quotient()) {
          break;
        }
      }
    }
    return best;
  }

  private static double norm(double[] v, Norm norm) {
    return DifferenceQuotient.plainNorm(v, norm);
  }

  /**
   * Returns the input direction Hager's estimator finds at {@code x}: {@code e_j} for ℓ1 (the
   * column of {@code J} with the largest ℓ1 norm, as estimated), the sign vector of the row of
   * {@code J} with the largest ℓ1 norm for ℓ∞.
   */
  private static double[] direction(Graph graph, double[] x, Norm norm) {
    double[][] values = graph.evaluate(x);
    int n = x.length;
    int m = values[values.length - 1].length;
    boolean columns = norm == Norm.L1;
    // Hager on B = J (ℓ1) or B = Jᵀ (ℓ∞): B·w and Bᵀ·z via jvp / vjp
    int size = columns ? n : m;
    double[] w = new double[size];
    if (size <= EXHAUSTIVE_MAX) {
      int best = 0;
      double bestSum = -1;
      for (int k = 0; k < size; k++) {
        double[] e = new double[size];
        e[k] = 1;
        double sum =
            DifferenceQuotient.plainNorm(
                columns ? graph.jvp(values, e) : graph.vjp(values, e), Norm.L1);
        if (sum > bestSum) {
          bestSum = sum;
          best = k;
        }
      }
      w[best] = 1;
    } else {
      java.util.Arrays.fill(w, 1.0 / size);
    }
    int previous = -1;
    for (int t = 0; size > EXHAUSTIVE_MAX && t < HAGER_ITERATIONS; t++) {
      double[] bw = columns ? graph.jvp(values, w) : graph.vjp(values, w);
      double[] signs = new double[bw.length];
      for (int i = 0; i < bw.length; i++) {
        signs[i] = bw[i] >= 0 ? 1 : -1;
      }
      double[] z = columns ? graph.vjp(values, signs) : graph.jvp(values, signs);
      int j = 0;
      for (int i = 1; i < z.length; i++) {
        if (Math.abs(z[i]) > Math.abs(z[j])) {
          j = i;
        }
      }
      double zw = 0;
      for (int i = 0; i < z.length; i++) {
        zw += z[i] * w[i];
      }
      if (Math.abs(z[j]) <= zw || j == previous) {
        break;
      }
      w = new double[size];
      w[j] = 1;
      previous = j;
    }
    if (columns) {
      return w;
    }
    double[] row = graph.vjp(values, w); // Jᵀw: for w = e_i, row i of J
    double[] v = new double[n];
    for (int i = 0; i < n; i++) {
      v[i] = row[i] >= 0 ? 1 : -1;
    }
    return v;
  }

  /** A sampled pair: base point, direction, step and its plain quotient. */
  private record Candidate(int sample, double[] x, double[] v, double step, double quotient) {}
}
