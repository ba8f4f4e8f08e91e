package org.lipcert.web;

/**
 * Thrown when a query parameter cannot be parsed or is out of range; answered with the problem
 * {@link ProblemType#INVALID_PARAMETER}, which names the parameter.
 */
final class InvalidParameterException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final String parameter;

  /**
   * Creates the exception.
   *
   * @param parameter the query parameter's name, e.g. {@code tolerance}
   * @param message what is wrong with its value, phrased for the caller
   */
  InvalidParameterException(String parameter, String message) {
    super(message);
    this.parameter = parameter;
  }

  /** Returns the name of the offending query parameter. */
  String parameter() {
    return parameter;
  }
}
