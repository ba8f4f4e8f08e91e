package org.lipcert.core.certify;

/** The outcome of a gate check against a maximum Lipschitz constant {@code K}. */
public enum Verdict {
  /** The certified upper bound is {@code ≤ K}: the network is K-Lipschitz. */
  PASS,
  /** {@code lower ≤ K < upper}: not certified, but not refuted either. */
  FAIL,
  /** The witnessed lower bound exceeds {@code K}: the network is certainly not K-Lipschitz. */
  FAIL_CERTAIN;

  /**
   * Returns the verdict for a certified bracket {@code [lower, upper]} on the constant.
   *
   * @param lower the certified lower bound
   * @param upper the certified upper bound
   * @param maxLipschitz the threshold {@code K}
   * @return {@code PASS} if {@code upper ≤ K}, {@code FAIL_CERTAIN} if {@code lower > K}, else
   *     {@code FAIL}
   */
  public static Verdict of(double lower, double upper, double maxLipschitz) {
    if (upper <= maxLipschitz) {
      return PASS;
    }
    return lower > maxLipschitz ? FAIL_CERTAIN : FAIL;
  }
}
