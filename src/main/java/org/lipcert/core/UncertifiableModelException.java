package org.lipcert.core;

/**
 * Thrown when a well-formed model contains an operation for which LipCert will not return a number:
 * one with no finite Lipschitz constant (a discontinuity, a product of two input-dependent tensors,
 * an unbounded derivative) or one whose finite constant is useless.
 *
 * <p>DESIGN §1.3: LipCert never reports a bound for such a model; it names the node, its operation
 * type and the reason.
 */
public class UncertifiableModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String node;
  private final String opType;
  private final String reason;

  /**
   * Creates the exception.
   *
   * @param node the name of the offending node or layer
   * @param opType its operation type, e.g. {@code Sign}
   * @param reason why it has no (useful) Lipschitz constant
   */
  public UncertifiableModelException(String node, String opType, String reason) {
    super("node '" + node + "' (" + opType + "): " + reason);
    this.node = node;
    this.opType = opType;
    this.reason = reason;
  }

  /** Returns the name of the offending node. */
  public String node() {
    return node;
  }

  /** Returns the operation type of the offending node. */
  public String opType() {
    return opType;
  }

  /** Returns why the node has no (useful) Lipschitz constant. */
  public String reason() {
    return reason;
  }
}
