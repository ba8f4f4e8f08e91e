/**
 * Advice for bringing a network under a target Lipschitz constant {@code K} (DESIGN §1, "Clipping
 * and normalisation suggestions"): per-layer budgets found on the graph rule ({@link
 * org.lipcert.core.advice.BudgetAllocation}), spectral-normalisation factors, element-wise clip
 * thresholds for the given weights ({@link org.lipcert.core.advice.ClipSearch}) and for any weights
 * ({@link org.lipcert.core.operator.WeightedOperator#clipGain()}), the bound a clip value implies
 * ({@link org.lipcert.core.advice.ImpliedBound}), and the weight changes of a projected model
 * ({@link org.lipcert.core.advice.WeightChange}).
 *
 * <p>Depends on {@code org.lipcert.core.certify} and the packages below it; no adapter code.
 */
package org.lipcert.core.advice;
