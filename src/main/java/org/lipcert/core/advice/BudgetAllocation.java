package org.lipcert.core.advice;

import java.util.Arrays;
import org.lipcert.core.bound.CompositionalBound;
import org.lipcert.core.graph.Graph;

/**
 * Per-layer budgets {@code σ*_i} whose compositional bound is at most a target {@code K} (DESIGN
 * §1, "Clipping and normalisation suggestions").
 *
 * <p>The budgets form a one-parameter family {@code σ*_i(t)} — {@code t·upper_i} for {@link
 * BudgetPolicy#PROPORTIONAL}, {@code t} for {@link BudgetPolicy#UNIFORM} — and the other nodes keep
 * their certified constants. The graph rule {@link CompositionalBound} (products along paths, sums
 * over residual branches, Concat in quadrature) is nondecreasing in every node constant, so {@code
 * B(t)} is nondecreasing in {@code t} and bisection finds the largest {@code t} with {@code B(t) ≤
 * K} up to {@link #RELATIVE_PRECISION}. The result is checked: {@link #bound()} is {@code B} at the
 * returned budgets themselves, so any network whose weighted layers have certified norms at most
 * their budgets has a certified bound at most {@code K}.
 *
 * @param feasible whether some budgets reach {@code K}; {@code false} when the layers without
 *     weights (identity paths of residual blocks, poolings) alone exceed it
 * @param scale the parameter {@code t} found (0 when infeasible)
 * @param budgets for every node index, its budget if it is an adjusted layer, NaN otherwise
 * @param bound the compositional bound with every adjusted layer at its budget ({@code ≤ K} when
 *     feasible; the bound with them at 0 otherwise)
 */
public record BudgetAllocation(boolean feasible, double scale, double[] budgets, double bound) {

  /** The relative width {@code hi/lo − 1} at which the bisection on {@code t} stops. */
  public static final double RELATIVE_PRECISION = 1e-12;

  /** The largest {@code t} tried: beyond it the target is reached for any weights that matter. */
  static final double MAX_SCALE = 1e300;

  /** Copies the budgets. */
  public BudgetAllocation {
    budgets = budgets.clone();
  }

  @Override
  public double[] budgets() {
    return budgets.clone();
  }

  /**
   * Allocates budgets.
   *
   * @param graph the network
   * @param constants for every node index, the certified constant of layers (affine, pooling), NaN
   *     for nodes whose operation supplies its own
   * @param adjusted for every node index, whether that layer's budget is being chosen
   * @param target {@code K ≥ 0}
   * @param policy how budgets relate to each other
   * @return the allocation
   */
  public static BudgetAllocation allocate(
      Graph graph, double[] constants, boolean[] adjusted, double target, BudgetPolicy policy) {
    if (!(target >= 0) || Double.isInfinite(target)) {
      throw new IllegalArgumentException(
          "the target must be finite and non-negative, got " + target);
    }
    Family family = new Family(graph, constants, adjusted, policy);
    double atZero = family.bound(0);
    if (atZero > target) {
      double[] zero = family.budgets(0);
      return new BudgetAllocation(false, 0, zero, atZero);
    }
    double lo = 0;
    double hi = 1;
    while (family.bound(hi) <= target) {
      lo = hi;
      if (hi >= MAX_SCALE) {
        return new BudgetAllocation(true, lo, family.budgets(lo), family.bound(lo));
      }
      hi *= 2;
    }
    while (hi - lo > RELATIVE_PRECISION * hi) {
      double mid = lo + (hi - lo) / 2;
      if (mid <= lo || mid >= hi) {
        break;
      }
      if (family.bound(mid) <= target) {
        lo = mid;
      } else {
        hi = mid;
      }
    }
    return new BudgetAllocation(true, lo, family.budgets(lo), family.bound(lo));
  }

  /** The budgets {@code σ*(t)} and their compositional bound. */
  private static final class Family {
    private final Graph graph;
    private final double[] constants;
    private final boolean[] adjusted;
    private final BudgetPolicy policy;

    Family(Graph graph, double[] constants, boolean[] adjusted, BudgetPolicy policy) {
      this.graph = graph;
      this.constants = constants.clone();
      this.adjusted = adjusted.clone();
      this.policy = policy;
    }

    double[] budgets(double t) {
      double[] budgets = new double[constants.length];
      Arrays.fill(budgets, Double.NaN);
      for (int i = 0; i < constants.length; i++) {
        if (adjusted[i]) {
          budgets[i] = policy == BudgetPolicy.PROPORTIONAL ? t * constants[i] : t;
        }
      }
      return budgets;
    }

    double bound(double t) {
      double[] budgets = budgets(t);
      double[] at = constants.clone();
      for (int i = 0; i < at.length; i++) {
        if (adjusted[i]) {
          at[i] = budgets[i];
        }
      }
      return CompositionalBound.upperBound(graph, at);
    }
  }
}
