package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.ComposedOperator;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.OperatorFusion;
import org.lipcert.core.spectral.InducedNorms;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * Certified upper bounds {@code N(a..b) ≥ ‖S_b ⋯ S_a‖} on products of consecutive linear segments
 * of a chain, memoised, in ℓ2 ({@link OperatorNorms}) or in ℓ1 and ℓ∞ ({@link InducedNorms}, which
 * needs no materialisation: a composition is bounded by its parts' absolute values).
 *
 * <p>The operators of the span are fused ({@link OperatorFusion}); a single fused operator, or a
 * composition small enough to materialise, is bracketed by {@link OperatorNorms} and widened by the
 * fusion error. A single segment that neither fuses nor materialises gets the product of its fused
 * parts' bounds. Every span also gets the best split {@code min_c N(a..c)·N(c+1..b)}, valid by
 * submultiplicativity, so spans across segments never need new brackets of large operators. Empty
 * segments (identities) have norm 1.
 */
final class SegmentNorms {

  private final List<List<LinearOperator>> segments;
  private final SpectralOptions options;
  private final Map<Long, Double> memo = new HashMap<>();
  private final Map<LinearOperator, Double> known;
  private final Norm norm;

  /**
   * Creates the memo.
   *
   * @param segments the segments {@code S_1..S_m}, each the list of its operators in the order they
   *     act (empty for an identity)
   * @param options the spectral options for new brackets
   * @param known certified upper bounds already computed for some operators (the layers'), reused
   *     when a span fuses to one of them unchanged
   */
  SegmentNorms(
      List<List<LinearOperator>> segments,
      SpectralOptions options,
      Map<LinearOperator, Double> known,
      Norm norm) {
    this.segments = segments;
    this.options = options;
    this.known = known;
    this.norm = norm;
  }

  private double bracketUpper(LinearOperator operator) {
    Double cached = known.get(operator);
    if (cached != null) {
      return cached;
    }
    return norm == Norm.L2
        ? OperatorNorms.bracket(operator, options).upper()
        : InducedNorms.bracket(operator, norm, options.tolerance()).upper();
  }

  /**
   * Returns the fusion error in this norm: {@link OperatorFusion.Fused#error()} bounds {@code
   * ‖E‖₂}, and {@code ‖E‖_∞ ≤ √n‖E‖₂}, {@code ‖E‖₁ ≤ √m‖E‖₂} (a row or column's ℓ1 norm is at most
   * √length times its ℓ2 norm, which is at most {@code ‖E‖₂}).
   */
  private double error(OperatorFusion.Fused fused) {
    double e = fused.error();
    if (norm == Norm.L2 || e == 0) {
      return e;
    }
    int length = norm == Norm.LINF ? fused.operator().inputSize() : fused.operator().outputSize();
    return UpwardArithmetic.multiply(e, UpwardArithmetic.sqrt(length));
  }

  /** Returns the number of segments {@code m}. */
  int size() {
    return segments.size();
  }

  /** Returns a certified upper bound on {@code ‖S_b ⋯ S_a‖₂}, 0-based and inclusive. */
  double upper(int a, int b) {
    long key = ((long) a << 32) | b;
    Double cached = memo.get(key);
    if (cached != null) {
      return cached;
    }
    List<LinearOperator> span = new ArrayList<>();
    for (int i = a; i <= b; i++) {
      span.addAll(segments.get(i));
    }
    double best = Double.POSITIVE_INFINITY;
    if (span.isEmpty()) {
      best = 1;
    } else {
      List<OperatorFusion.Fused> fused = OperatorFusion.fuse(span);
      double error = 0;
      List<LinearOperator> operators = new ArrayList<>();
      double product = 1;
      for (OperatorFusion.Fused f : fused) {
        operators.add(f.operator());
        error = UpwardArithmetic.add(error, error(f));
      }
      if (fused.size() > 1 && !direct(operators) && a < b) {
        best = Double.POSITIVE_INFINITY; // the splits below bound it without new brackets
      } else if (fused.size() > 1 && !direct(operators)) {
        double widened = 1;
        for (OperatorFusion.Fused f : fused) {
          widened =
              UpwardArithmetic.multiply(
                  widened, UpwardArithmetic.add(bracketUpper(f.operator()), error(f)));
        }
        best = widened;
      } else {
        LinearOperator operator =
            operators.size() == 1 ? operators.get(0) : new ComposedOperator(operators);
        // ‖Π(A_i + E_i)‖ ≤ ‖ΠA_i‖ + (Π(‖A_i‖ + e_i) − Π‖A_i‖); with one factor, ‖A‖ + e
        best = UpwardArithmetic.add(bracketUpper(operator), fused.size() == 1 ? error : 0);
        if (fused.size() > 1) {
          double widened = 1;
          double plain = 1;
          for (OperatorFusion.Fused f : fused) {
            double bound = bracketUpper(f.operator());
            widened = UpwardArithmetic.multiply(widened, UpwardArithmetic.add(bound, error(f)));
            plain = Math.nextDown(plain * bound);
          }
          product = widened;
          best = UpwardArithmetic.add(best, Math.max(0, UpwardArithmetic.add(widened, -plain)));
          best = Math.min(best, product);
        }
      }
      for (int c = a; c < b; c++) {
        best = Math.min(best, UpwardArithmetic.multiply(upper(a, c), upper(c + 1, b)));
      }
    }
    memo.put(key, best);
    return best;
  }

  /** Returns whether the composition is small enough to bracket as one materialised operator. */
  private boolean direct(List<LinearOperator> operators) {
    if (norm != Norm.L2) {
      return true; // row and column sums need no materialisation
    }
    int in = operators.get(0).inputSize();
    int out = operators.get(operators.size() - 1).outputSize();
    return Math.max(in, out) <= options.materializeMaxDimension();
  }
}
