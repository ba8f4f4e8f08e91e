package org.lipcert.core.operator;

import java.util.List;
import org.lipcert.core.numeric.UpwardArithmetic;

/**
 * The composition {@code A = A_k ⋯ A₂A₁} of linear operators, applied right to left: {@code
 * parts.get(0)} acts first. Used to bound merged linear segments of a network as one operator,
 * since {@code ‖A_k ⋯ A₁‖ ≤ Π‖A_i‖} and is often much smaller (DESIGN §1).
 *
 * <p>Applying it allocates one buffer per intermediate operator, per product, so that threads can
 * share it (the witness search evaluates the network from several threads).
 */
public final class ComposedOperator implements LinearOperator {

  private final List<LinearOperator> parts;

  /**
   * Creates the composition.
   *
   * @param parts the operators in the order they act, at least one, with matching sizes
   * @throws IllegalArgumentException if consecutive sizes do not match
   */
  public ComposedOperator(List<LinearOperator> parts) {
    if (parts.isEmpty()) {
      throw new IllegalArgumentException("a composition needs at least one operator");
    }
    for (int i = 1; i < parts.size(); i++) {
      if (parts.get(i).inputSize() != parts.get(i - 1).outputSize()) {
        throw new IllegalArgumentException(
            "operator "
                + i
                + " expects "
                + parts.get(i).inputSize()
                + " values but operator "
                + (i - 1)
                + " produces "
                + parts.get(i - 1).outputSize());
      }
    }
    this.parts = List.copyOf(parts);
  }

  /** Returns the operators in the order they act. */
  public List<LinearOperator> parts() {
    return parts;
  }

  @Override
  public int inputSize() {
    return parts.get(0).inputSize();
  }

  @Override
  public int outputSize() {
    return parts.get(parts.size() - 1).outputSize();
  }

  @Override
  public void apply(double[] x, double[] y) {
    double[] current = x;
    for (int i = 0; i < parts.size(); i++) {
      double[] target = i == parts.size() - 1 ? y : new double[parts.get(i).outputSize()];
      parts.get(i).apply(current, target);
      current = target;
    }
  }

  @Override
  public void applyAdjoint(double[] y, double[] x) {
    double[] current = y;
    for (int i = parts.size() - 1; i >= 0; i--) {
      double[] target = i == 0 ? x : new double[parts.get(i - 1).outputSize()];
      parts.get(i).applyAdjoint(current, target);
      current = target;
    }
  }

  /**
   * Returns the sum of the parts' inner-product lengths, a crude bound used only for the rounding
   * error of the witness; products of the parts' absolute norms account for the propagation.
   */
  @Override
  public int termsPerOutput() {
    long terms = 0;
    for (LinearOperator part : parts) {
      terms += part.termsPerOutput();
    }
    return (int) Math.min(terms, Integer.MAX_VALUE / 4);
  }

  /**
   * Returns {@code |A_k| ⋯ |A₁|}, entrywise at least {@code |A_k ⋯ A₁|} by the triangle inequality.
   */
  @Override
  public ComposedOperator absolute() {
    List<LinearOperator> absolutes = new java.util.ArrayList<>();
    for (LinearOperator part : parts) {
      absolutes.add(part.absolute());
    }
    return new ComposedOperator(absolutes);
  }

  /**
   * Returns a bound on the rounding error of the materialised composition, {@code ‖X̂_k − A_k ⋯
   * A₁‖₂} where {@code X̂_i = fl(A_i X̂_{i−1})}, {@code X̂₀ = I}, column by column.
   *
   * <p>Proof. Stage {@code i} computes {@code X̂_i = A_i X̂_{i−1} + Δ_i} with {@code |Δ_i| ≤
   * γ_{t_i}|A_i||X̂_{i−1}|} entrywise, so {@code ‖Δ_i‖₂ ≤ γ_{t_i}‖|A_i|‖₂‖X̂_{i−1}‖₂}. With {@code
   * e_i ≥ ‖X̂_i − X_i‖₂} and {@code N_i ≥ ‖X_i‖₂}: {@code e_i = ‖A_i‖e_{i−1} +
   * γ_{t_i}‖|A_i|‖(N_{i−1} + e_{i−1})}, {@code e₀ = 0}, {@code N₀ = 1}, {@code N_i =
   * ‖|A_i|‖N_{i−1}}, every norm bounded by {@link LinearOperator#absoluteNormUpperBound()}. Unlike
   * one operator's, this error is not relative to the product's own size: cancellation in {@code
   * A_k ⋯ A₁} (huge parts, a small product) leaves it as large as the parts.
   */
  @Override
  public double materializationErrorBound() {
    double error = 0;
    double norm = 1;
    for (LinearOperator part : parts) {
      double absolute = part.absoluteNormUpperBound();
      double gamma = org.lipcert.core.numeric.RoundingModel.gamma(part.termsPerOutput());
      double local =
          UpwardArithmetic.multiply(
              gamma, UpwardArithmetic.multiply(absolute, UpwardArithmetic.add(norm, error)));
      error = UpwardArithmetic.add(UpwardArithmetic.multiply(absolute, error), local);
      norm = UpwardArithmetic.multiply(norm, absolute);
    }
    return error;
  }

  /**
   * Returns {@code Π ‖|A_i|‖}, which bounds {@code ‖|A|‖ ≤ ‖|A_k| ⋯ |A₁|‖} since {@code |AB| ≤
   * |A||B|} entrywise.
   */
  @Override
  public double absoluteNormUpperBound() {
    double product = 1;
    for (LinearOperator part : parts) {
      product = UpwardArithmetic.multiply(product, part.absoluteNormUpperBound());
    }
    return product;
  }
}
