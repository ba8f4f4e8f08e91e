package org.lipcert.core.numeric;

/**
 * The vector norm on input and output space in which a Lipschitz constant is measured: {@code L =
 * sup ‖f(x) − f(y)‖_p / ‖x − y‖_p}, the same {@code p} on both sides, so that the operator norms of
 * linear layers are the induced ones (DESIGN §1, "Other norms").
 */
public enum Norm {
  /** {@code ‖x‖₁ = Σ|x_i|}; a matrix's induced norm is its largest column absolute sum. */
  L1("1"),
  /** The Euclidean norm; a matrix's induced norm is its largest singular value. */
  L2("2"),
  /** {@code ‖x‖_∞ = max|x_i|}; a matrix's induced norm is its largest row absolute sum. */
  LINF("inf");

  private final String id;

  Norm(String id) {
    this.id = id;
  }

  /** Returns the identifier used in requests and reports: {@code 1}, {@code 2} or {@code inf}. */
  public String id() {
    return id;
  }

  /**
   * Returns the norm with the given identifier.
   *
   * @param id {@code 1}, {@code 2} or {@code inf} (also accepted, any case: {@code l1}, {@code l2},
   *     {@code linf}, {@code infinity}, {@code ∞})
   * @return the norm
   * @throws IllegalArgumentException for an unknown norm
   */
  public static Norm fromId(String id) {
    String key = id.strip().toLowerCase(java.util.Locale.ROOT);
    return switch (key) {
      case "1", "l1" -> L1;
      case "2", "l2" -> L2;
      case "inf", "linf", "infinity", "∞", "l∞" -> LINF;
      default ->
          throw new IllegalArgumentException("unsupported norm '" + id + "'; supported: 1, 2, inf");
    };
  }
}
