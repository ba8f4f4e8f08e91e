package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.SingularValueDecomposition_F64;
import org.lipcert.core.graph.Graph;

/**
 * The tests' own lower bound on {@code Lip(f)}, independent of {@link WitnessSearch}: the largest
 * plain floating-point difference quotient {@code ‖f(x) − f(y)‖/‖x − y‖} over pairs found in three
 * phases, every quotient evaluated with {@link Graph#evaluate} on an actual pair.
 *
 * <ol>
 *   <li><b>Dense random pairs</b>: {@code x ~ s·N(0, I)} at the scales {@link #SCALES} (wider than
 *       the product's {@code [−1, 1]ⁿ}, so that regions the biases shift away from the origin are
 *       visited), each with random directions at the separations {@link #SEPARATIONS} (relative to
 *       the scale), from nearly local to far apart.
 *   <li><b>Exact local directions</b>: at random points and at the midpoints of the best pairs so
 *       far, the Jacobian is materialised column by column ({@link Graph#jvp} on unit vectors) and
 *       its top right singular vector taken from EJML's SVD (not power iteration); the pair is
 *       {@code x ± (h/2)v}.
 *   <li><b>Gradient ascent on the quotient</b> from the best distinct pairs: {@code q(x, y) =
 *       ‖d‖²/s}, {@code d = f(x) − f(y)}, {@code s = ‖x − y‖²}, has {@code ∇ₓq = 2(J(x)ᵀd·s −
 *       ‖d‖²(x − y))/s²} and symmetrically for {@code y} ({@link Graph#vjp}); normalised steps with
 *       a trust radius that starts at the scale of {@code x} (so it can leave a linear region) and
 *       grows by 1.5 on success, halves on failure.
 * </ol>
 *
 * <p><b>Why it is a lower bound.</b> Each reported quotient is of an evaluated pair, so it is
 * {@code ≤ Lip(f)} up to the rounding of the two evaluations. Pairs are never closer than {@link
 * #MIN_SEPARATION}{@code ·max(1, ‖x‖)}, so for the small networks here (forward errors of order
 * {@code 10⁻¹⁴·(‖f(x)‖ + ‖x‖)}) the quotient's rounding error is of order {@code 10⁻¹⁰} relative —
 * below the tests' {@code 10⁻⁹} slack. A failure message carries the pair, so a violation can be
 * re-checked exactly.
 */
final class QuotientSearch {

  /** The least separation of a pair, relative to {@code max(1, ‖x‖)}. */
  static final double MIN_SEPARATION = 1e-4;

  /** The input scales of the random pairs. */
  static final double[] SCALES = {0.1, 0.5, 1, 2, 5};

  /** The separations of the random pairs, relative to their scale. */
  static final double[] SEPARATIONS = {1e-3, 0.03, 0.3, 1, 3};

  /**
   * How much to search.
   *
   * @param pairsPerCell random pairs per (scale, separation)
   * @param jacobianPoints points at which the Jacobian's SVD is taken
   * @param ascentStarts pairs refined by gradient ascent
   * @param ascentSteps steps per ascent
   */
  record Effort(int pairsPerCell, int jacobianPoints, int ascentStarts, int ascentSteps) {
    static final Effort DEFAULT = new Effort(12, 24, 6, 100);
  }

  /**
   * The best pair.
   *
   * @param x one input
   * @param y the other
   * @param quotient {@code ‖f(x) − f(y)‖/‖x − y‖} in plain floating point
   * @param phase {@code random}, {@code jacobian} or {@code ascent}: where it was found
   */
  record Pair(double[] x, double[] y, double quotient, String phase) {}

  private QuotientSearch() {}

  /** Runs the search with the default effort. */
  static Pair search(Graph graph, long seed) {
    return search(graph, seed, Effort.DEFAULT);
  }

  /** Runs the search. */
  static Pair search(Graph graph, long seed, Effort effort) {
    Random random = new Random(seed);
    int n = graph.inputShape().size();
    List<Pair> pairs = new ArrayList<>();
    for (double scale : SCALES) {
      for (double separation : SEPARATIONS) {
        for (int k = 0; k < effort.pairsPerCell(); k++) {
          double[] x = gaussian(random, n, scale);
          double[] v = unit(gaussian(random, n, 1));
          double h = Math.max(separation * scale, floor(x));
          pairs.add(pair(graph, x, axpy(h, v, x), "random"));
        }
      }
    }
    pairs.sort(BY_QUOTIENT);
    for (int k = 0; k < effort.jacobianPoints(); k++) {
      double[] x;
      if (k < effort.jacobianPoints() / 2 && k < pairs.size()) {
        Pair p = pairs.get(k);
        x = new double[n];
        for (int i = 0; i < n; i++) {
          x[i] = 0.5 * (p.x()[i] + p.y()[i]);
        }
      } else {
        x = gaussian(random, n, SCALES[random.nextInt(SCALES.length)]);
      }
      double[] v = topRightSingularVector(graph, x);
      double h = 10 * floor(x);
      pairs.add(pair(graph, axpy(-h / 2, v, x), axpy(h / 2, v, x), "jacobian"));
    }
    pairs.sort(BY_QUOTIENT);
    List<Pair> starts = new ArrayList<>();
    for (Pair p : pairs) {
      if (starts.size() >= effort.ascentStarts()) {
        break;
      }
      if (starts.stream().noneMatch(s -> close(s, p))) {
        starts.add(p);
      }
    }
    Pair best = pairs.get(0);
    for (Pair start : starts) {
      Pair ascended = ascend(graph, start, effort.ascentSteps());
      if (ascended.quotient() > best.quotient()) {
        best = ascended;
      }
    }
    return best;
  }

  private static final Comparator<Pair> BY_QUOTIENT =
      Comparator.comparingDouble((Pair p) -> -p.quotient());

  private static boolean close(Pair a, Pair b) {
    return distance(a.x(), b.x()) < 1e-3 * Math.max(1, norm(a.x()));
  }

  private static double floor(double[] x) {
    return MIN_SEPARATION * Math.max(1, norm(x));
  }

  /** Returns the pair and its quotient. */
  static Pair pair(Graph graph, double[] x, double[] y, String phase) {
    return new Pair(x, y, quotient(graph, x, y), phase);
  }

  /** Returns {@code ‖f(x) − f(y)‖/‖x − y‖} in plain floating point (0 for {@code x = y}). */
  static double quotient(Graph graph, double[] x, double[] y) {
    double s = distance(x, y);
    return s == 0 ? 0 : distance(output(graph, x), output(graph, y)) / s;
  }

  private static double[] output(Graph graph, double[] x) {
    double[][] values = graph.evaluate(x);
    return values[values.length - 1];
  }

  /** Returns the top right singular vector of {@code J_f(x)}, materialised by jvp. */
  private static double[] topRightSingularVector(Graph graph, double[] x) {
    int n = x.length;
    double[][] values = graph.evaluate(x);
    int m = values[values.length - 1].length;
    DMatrixRMaj j = new DMatrixRMaj(m, n);
    double[] e = new double[n];
    for (int c = 0; c < n; c++) {
      e[c] = 1;
      double[] column = graph.jvp(values, e);
      e[c] = 0;
      for (int r = 0; r < m; r++) {
        j.set(r, c, column[r]);
      }
    }
    SingularValueDecomposition_F64<DMatrixRMaj> svd =
        DecompositionFactory_DDRM.svd(m, n, false, true, false);
    double[] v = new double[n];
    if (!svd.decompose(j)) {
      v[0] = 1;
      return v;
    }
    double[] singular = svd.getSingularValues();
    int top = 0;
    for (int i = 1; i < svd.numberOfSingularValues(); i++) {
      if (singular[i] > singular[top]) {
        top = i;
      }
    }
    DMatrixRMaj vt = svd.getV(null, true);
    for (int i = 0; i < n; i++) {
      v[i] = vt.get(top, i);
    }
    return unit(v);
  }

  /** Gradient ascent on {@code q(x, y)} from a pair, never closer than {@link #floor}. */
  private static Pair ascend(Graph graph, Pair start, int steps) {
    double[] x = start.x().clone();
    double[] y = start.y().clone();
    double best = start.quotient();
    double radius = Math.max(distance(x, y), 0.05 * Math.max(1, norm(x)));
    for (int t = 0; t < steps && radius > 1e-9 * Math.max(1, norm(x)); t++) {
      double[][] vx = graph.evaluate(x);
      double[][] vy = graph.evaluate(y);
      double[] d = difference(vx[vx.length - 1], vy[vy.length - 1]);
      double[] delta = difference(x, y);
      double s = dot(delta, delta);
      double dd = dot(d, d);
      if (s == 0 || dd == 0) {
        break;
      }
      double[] jx = graph.vjp(vx, d);
      double[] jy = graph.vjp(vy, d);
      double[] gx = new double[x.length];
      double[] gy = new double[x.length];
      for (int i = 0; i < x.length; i++) {
        gx[i] = (jx[i] * s - dd * delta[i]) / (s * s);
        gy[i] = (-jy[i] * s + dd * delta[i]) / (s * s);
      }
      double g = Math.sqrt(dot(gx, gx) + dot(gy, gy));
      if (!(g > 0) || !Double.isFinite(g)) {
        break;
      }
      double[] x2 = axpy(radius / g, gx, x);
      double[] y2 = axpy(radius / g, gy, y);
      double q = distance(x2, y2) < floor(x2) ? 0 : quotient(graph, x2, y2);
      if (q > best) {
        x = x2;
        y = y2;
        best = q;
        radius *= 1.5;
      } else {
        radius *= 0.5;
      }
    }
    return new Pair(x, y, best, best > start.quotient() ? "ascent" : start.phase());
  }

  static double[] gaussian(Random random, int n, double scale) {
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = scale * random.nextGaussian();
    }
    return x;
  }

  private static double[] unit(double[] v) {
    double norm = norm(v);
    double[] u = new double[v.length];
    for (int i = 0; i < v.length; i++) {
      u[i] = norm == 0 ? (i == 0 ? 1 : 0) : v[i] / norm;
    }
    return u;
  }

  /** Returns {@code x + a·v}. */
  private static double[] axpy(double a, double[] v, double[] x) {
    double[] y = new double[x.length];
    for (int i = 0; i < x.length; i++) {
      y[i] = x[i] + a * v[i];
    }
    return y;
  }

  private static double[] difference(double[] a, double[] b) {
    double[] d = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      d[i] = a[i] - b[i];
    }
    return d;
  }

  private static double dot(double[] a, double[] b) {
    double s = 0;
    for (int i = 0; i < a.length; i++) {
      s += a[i] * b[i];
    }
    return s;
  }

  static double norm(double[] a) {
    return Math.sqrt(dot(a, a));
  }

  private static double distance(double[] a, double[] b) {
    return norm(difference(a, b));
  }
}
