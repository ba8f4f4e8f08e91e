package org.lipcert.core.certify;

import java.util.List;
import org.lipcert.core.bound.NetworkBound;
import org.lipcert.core.bound.WitnessSearch;

/**
 * The bounds on the whole network's Lipschitz constant.
 *
 * @param upperBound the smallest certified upper bound computed
 * @param upperBoundMethod the method that gave it
 * @param naiveUpperBound the compositional bound from per-layer upper bounds, always shown
 * @param lowerBound the certified lower bound from the best witness
 * @param witness how to replay the witness
 * @param bounds every upper bound computed, with its method and time, the naive one first
 */
public record NetworkCertificate(
    double upperBound,
    String upperBoundMethod,
    double naiveUpperBound,
    double lowerBound,
    WitnessSearch.Witness witness,
    List<NetworkBound> bounds) {

  /** Copies the list of bounds. */
  public NetworkCertificate {
    bounds = List.copyOf(bounds);
  }

  /** Returns {@code upperBound / lowerBound}: how far the certificate may be from the truth. */
  public double gap() {
    return lowerBound == 0 ? Double.POSITIVE_INFINITY : upperBound / lowerBound;
  }
}
