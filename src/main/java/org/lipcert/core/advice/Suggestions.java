package org.lipcert.core.advice;

import java.util.List;

/**
 * Suggestions for bringing a network's certified bound under a target.
 *
 * @param target the target constant {@code K}
 * @param policy how the budgets were shared
 * @param feasible whether budgets reaching {@code K} exist; when not, the layers listed get budget
 *     0 and {@link #boundAtBudgets} is what the layers without weights alone give
 * @param boundAtBudgets the compositional bound with every weighted layer at its budget, {@code ≤
 *     K} when feasible
 * @param layers one entry per weighted layer, in graph order
 */
public record Suggestions(
    double target,
    BudgetPolicy policy,
    boolean feasible,
    double boundAtBudgets,
    List<LayerSuggestion> layers) {

  /** Copies the list. */
  public Suggestions {
    layers = List.copyOf(layers);
  }
}
