package org.lipcert.core;

/**
 * Thrown when the bytes of a model cannot be parsed at all: invalid JSON, a truncated or corrupt
 * file. A subclass of {@link InvalidModelException} so callers that do not care about the
 * difference can catch both.
 */
public class MalformedModelException extends InvalidModelException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message where parsing failed and why
   * @param cause the parser's exception, if any
   */
  public MalformedModelException(String message, Throwable cause) {
    super(message, cause);
  }
}
