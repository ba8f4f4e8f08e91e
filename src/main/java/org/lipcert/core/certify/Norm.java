package org.lipcert.core.certify;

/** The vector norm on input and output space in which the Lipschitz constant is measured. */
public enum Norm {
  /** The Euclidean norm: {@code L = sup ‖f(x) − f(y)‖₂ / ‖x − y‖₂}. */
  L2("2");

  private final String id;

  Norm(String id) {
    this.id = id;
  }

  /** Returns the identifier used in requests and reports: {@code 2}. */
  public String id() {
    return id;
  }

  /**
   * Returns the norm with the given identifier.
   *
   * @param id {@code 2} (also accepted: {@code l2}, {@code L2})
   * @return the norm
   * @throws IllegalArgumentException for an unknown or not yet supported norm
   */
  public static Norm fromId(String id) {
    for (Norm norm : values()) {
      if (norm.id.equals(id) || norm.name().equalsIgnoreCase(id)) {
        return norm;
      }
    }
    throw new IllegalArgumentException("unsupported norm '" + id + "'; supported: 2");
  }
}
