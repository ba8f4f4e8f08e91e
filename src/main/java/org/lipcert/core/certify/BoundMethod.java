package org.lipcert.core.certify;

import java.util.Locale;

/**
 * Which network bounds the certifier computes (DESIGN §1, "Network bounds"). The naive product is
 * always computed and shown; the certificate reports the smallest bound computed.
 */
public enum BoundMethod {
  /** Every method: naive, merged linear segments, Combettes–Pesquet and LipSDP-Neuron. */
  AUTO,
  /** Only the naive product of the per-layer bounds over the graph. */
  NAIVE,
  /** The naive product and the bound with merged linear segments. */
  MERGED,
  /** The naive product and the Combettes–Pesquet bound. */
  CP,
  /** The naive product and LipSDP-Neuron (with Combettes–Pesquet where it cannot confirm). */
  SDP;

  /** Returns the identifier used in requests and reports, e.g. {@code cp}. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * Returns the method with the given identifier.
   *
   * @param id {@code auto}, {@code naive}, {@code merged}, {@code cp} or {@code sdp}, any case
   * @return the method
   * @throws IllegalArgumentException for another value
   */
  public static BoundMethod fromId(String id) {
    for (BoundMethod method : values()) {
      if (method.id().equalsIgnoreCase(id)) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        "unknown bound method '" + id + "'; supported: auto, naive, merged, cp, sdp");
  }

  /** Returns whether this choice computes {@code method}. */
  boolean computes(BoundMethod method) {
    return this == AUTO || method == NAIVE || this == method;
  }
}
