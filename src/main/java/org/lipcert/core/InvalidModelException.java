package org.lipcert.core;

/**
 * Thrown when a model is malformed or inconsistent: wrong shapes, non-finite weights, unknown layer
 * types. The message names the layer (and index) at fault so the user can act on it.
 */
public class InvalidModelException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong and where, phrased for the model's author
   */
  public InvalidModelException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the underlying cause.
   *
   * @param message what is wrong and where, phrased for the model's author
   * @param cause the parser or I/O failure behind it
   */
  public InvalidModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
