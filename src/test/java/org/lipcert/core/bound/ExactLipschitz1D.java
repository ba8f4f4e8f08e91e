package org.lipcert.core.bound;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.ExactEvaluation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.PRelu;
import org.lipcert.core.graph.Reshape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.DenseMatrix;

/**
 * The exact Lipschitz constant of a piecewise-linear network with a one-dimensional input (dense
 * layers, sums, reshapes, ReLU, LeakyReLU, Clip, HardSigmoid, PRelu), the oracle for the witness
 * search and for the network bounds.
 *
 * <p>On an interval where no activation changes piece, every node's value is affine in {@code x},
 * {@code a·x + c}, with {@code a} and {@code c} exact products and sums of the stored doubles (kept
 * exactly in {@link BigDecimal}). Going through the nodes in order, each activation splits the
 * current intervals where one of its pre-activations {@code a_j x + c_j} crosses a breakpoint; the
 * crossing points are rounded to 100 digits, and only serve to choose each sub-interval's piece by
 * its midpoint, so the slopes stay exact as long as no two crossings agree to 90 digits. Then
 * {@code Lip(f) = max over the intervals of ‖a_output‖₂}, returned squared so that comparisons are
 * exact.
 */
final class ExactLipschitz1D {

  private static final MathContext MC = new MathContext(100);
  private static final BigDecimal HALF = new BigDecimal("0.5");

  private ExactLipschitz1D() {}

  /** An interval (ends {@code null} for ±∞) with every node's value as {@code a·x + c}. */
  private record Interval(BigDecimal lo, BigDecimal hi, BigDecimal[][] a, BigDecimal[][] c) {
    BigDecimal midpoint() {
      if (lo == null && hi == null) {
        return BigDecimal.ZERO;
      }
      if (lo == null) {
        return hi.subtract(BigDecimal.ONE);
      }
      if (hi == null) {
        return lo.add(BigDecimal.ONE);
      }
      return lo.add(hi).multiply(HALF);
    }

    boolean contains(BigDecimal x) {
      return (lo == null || x.compareTo(lo) > 0) && (hi == null || x.compareTo(hi) < 0);
    }
  }

  /** Returns {@code Lip(f)²}, exactly. */
  static BigDecimal squared(Graph graph) {
    int count = graph.nodes().size();
    if (graph.inputShape().size() != 1) {
      throw new IllegalArgumentException("one-dimensional input only");
    }
    BigDecimal[][] a0 = new BigDecimal[count][];
    BigDecimal[][] c0 = new BigDecimal[count][];
    a0[0] = new BigDecimal[] {BigDecimal.ONE};
    c0[0] = new BigDecimal[] {BigDecimal.ZERO};
    List<Interval> intervals = new ArrayList<>(List.of(new Interval(null, null, a0, c0)));
    for (Node node : graph.nodes()) {
      int i = node.index();
      if (i == 0) {
        continue;
      }
      List<Interval> next = new ArrayList<>();
      for (Interval interval : intervals) {
        BigDecimal[] a = interval.a()[node.input(0)];
        BigDecimal[] c = interval.c()[node.input(0)];
        if (node.operation() instanceof ElementwiseActivation
            || node.operation() instanceof PRelu) {
          Activation act =
              node.operation() instanceof ElementwiseActivation activation
                  ? activation.activation()
                  : null;
          double[] slopes =
              node.operation() instanceof PRelu prelu
                  ? ExactEvaluation.slopes(prelu, a.length)
                  : null;
          TreeSet<BigDecimal> cuts = new TreeSet<>();
          for (int j = 0; j < a.length; j++) {
            if (a[j].signum() == 0) {
              continue;
            }
            for (BigDecimal b : act == null ? List.of(BigDecimal.ZERO) : breakpoints(act)) {
              BigDecimal x = b.subtract(c[j]).divide(a[j], MC);
              if (interval.contains(x)) {
                cuts.add(x);
              }
            }
          }
          List<BigDecimal> ends = new ArrayList<>();
          ends.add(interval.lo());
          ends.addAll(cuts);
          ends.add(interval.hi());
          for (int k = 0; k + 1 < ends.size(); k++) {
            Interval piece =
                new Interval(
                    ends.get(k), ends.get(k + 1), interval.a().clone(), interval.c().clone());
            BigDecimal m = piece.midpoint();
            BigDecimal[] na = new BigDecimal[a.length];
            BigDecimal[] nc = new BigDecimal[a.length];
            for (int j = 0; j < a.length; j++) {
              BigDecimal z = a[j].multiply(m).add(c[j]);
              BigDecimal[] piecewise = // slope, offset
                  act == null
                      ? new BigDecimal[] {
                        z.signum() > 0 ? BigDecimal.ONE : new BigDecimal(slopes[j]), BigDecimal.ZERO
                      }
                      : piece(act, z);
              na[j] = piecewise[0].multiply(a[j]);
              nc[j] = piecewise[0].multiply(c[j]).add(piecewise[1]);
            }
            piece.a()[i] = na;
            piece.c()[i] = nc;
            next.add(piece);
          }
          continue;
        }
        BigDecimal[][] na = interval.a().clone();
        BigDecimal[][] nc = interval.c().clone();
        if (node.operation() instanceof AffineLayer layer
            && layer.operator() instanceof DenseMatrix w) {
          double[] bias = layer.evaluate(new double[][] {new double[w.cols()]});
          na[i] = new BigDecimal[w.rows()];
          nc[i] = new BigDecimal[w.rows()];
          for (int r = 0; r < w.rows(); r++) {
            BigDecimal sa = BigDecimal.ZERO;
            BigDecimal sc = new BigDecimal(bias[r]);
            for (int col = 0; col < w.cols(); col++) {
              BigDecimal wrc = new BigDecimal(w.get(r, col));
              sa = sa.add(wrc.multiply(a[col]));
              sc = sc.add(wrc.multiply(c[col]));
            }
            na[i][r] = sa;
            nc[i][r] = sc;
          }
        } else if (node.operation() instanceof Sum) {
          na[i] = a.clone();
          nc[i] = c.clone();
          for (int k = 1; k < node.operation().arity(); k++) {
            for (int j = 0; j < a.length; j++) {
              na[i][j] = na[i][j].add(interval.a()[node.input(k)][j]);
              nc[i][j] = nc[i][j].add(interval.c()[node.input(k)][j]);
            }
          }
        } else if (node.operation() instanceof Reshape) {
          na[i] = a;
          nc[i] = c;
        } else {
          throw new IllegalArgumentException("not piecewise linear: " + node.operation().opType());
        }
        next.add(new Interval(interval.lo(), interval.hi(), na, nc));
      }
      intervals = next;
    }
    BigDecimal best = BigDecimal.ZERO;
    int output = count - 1;
    for (Interval interval : intervals) {
      BigDecimal s = BigDecimal.ZERO;
      for (BigDecimal slope : interval.a()[output]) {
        s = s.add(slope.multiply(slope));
      }
      best = best.max(s);
    }
    return best;
  }

  private static List<BigDecimal> breakpoints(Activation a) {
    BigDecimal alpha = new BigDecimal(a.alpha());
    BigDecimal beta = new BigDecimal(a.beta());
    return switch (a.kind()) {
      case RELU, LEAKY_RELU -> List.of(BigDecimal.ZERO);
      case CLIP -> List.of(alpha, beta);
      case HARD_SIGMOID ->
          alpha.signum() == 0
              ? List.of()
              : List.of(
                  beta.negate().divide(alpha, MC), BigDecimal.ONE.subtract(beta).divide(alpha, MC));
      default -> throw new IllegalArgumentException("not piecewise linear: " + a.kind());
    };
  }

  /** Returns {slope, offset} of the activation's linear piece containing {@code z}. */
  private static BigDecimal[] piece(Activation a, BigDecimal z) {
    BigDecimal alpha = new BigDecimal(a.alpha());
    BigDecimal beta = new BigDecimal(a.beta());
    BigDecimal zero = BigDecimal.ZERO;
    BigDecimal one = BigDecimal.ONE;
    return switch (a.kind()) {
      case RELU -> new BigDecimal[] {z.signum() > 0 ? one : zero, zero};
      case LEAKY_RELU -> new BigDecimal[] {z.signum() > 0 ? one : alpha, zero};
      case CLIP ->
          z.compareTo(alpha) < 0
              ? new BigDecimal[] {zero, alpha}
              : z.compareTo(beta) > 0
                  ? new BigDecimal[] {zero, beta}
                  : new BigDecimal[] {one, zero};
      case HARD_SIGMOID -> {
        BigDecimal y = alpha.multiply(z).add(beta);
        yield y.signum() <= 0
            ? new BigDecimal[] {zero, zero}
            : y.compareTo(one) >= 0 ? new BigDecimal[] {zero, one} : new BigDecimal[] {alpha, beta};
      }
      default -> throw new IllegalArgumentException("not piecewise linear: " + a.kind());
    };
  }
}
