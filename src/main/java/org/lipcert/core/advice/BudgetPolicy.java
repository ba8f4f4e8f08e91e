package org.lipcert.core.advice;

import java.util.Locale;

/** How a target constant is shared among the weighted layers. */
public enum BudgetPolicy {
  /**
   * Every weighted layer keeps the same fraction {@code t} of its certified norm: {@code σ*_i =
   * t·upper_i}.
   */
  PROPORTIONAL,
  /** Every weighted layer gets the same budget {@code σ*_i = t}. */
  UNIFORM;

  /**
   * Returns the identifier used in requests and reports: {@code proportional} or {@code uniform}.
   */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the policy with the given identifier.
   *
   * @param id {@code proportional} or {@code uniform}, any case
   * @return the policy
   * @throws IllegalArgumentException for another value
   */
  public static BudgetPolicy fromId(String id) {
    for (BudgetPolicy policy : values()) {
      if (policy.id().equalsIgnoreCase(id)) {
        return policy;
      }
    }
    throw new IllegalArgumentException(
        "unknown policy '" + id + "'; supported: proportional, uniform");
  }
}
