package org.lipcert.cli;

/**
 * Thrown when what the user gave the command line cannot be used: a missing or unreadable model
 * file, a model the loader rejects (malformed, invalid or not certifiable), an output file that
 * cannot be written. {@link Main} reports the message on one line and exits with {@link
 * Main#EXIT_ERROR}.
 */
final class InputException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what is wrong, starting with the file it concerns, phrased so the user can act
   */
  InputException(String message) {
    super(message);
  }

  /**
   * Creates the exception with the failure behind it.
   *
   * @param message what is wrong, starting with the file it concerns, phrased so the user can act
   * @param cause the underlying exception, shown with {@code --verbose}
   */
  InputException(String message, Throwable cause) {
    super(message, cause);
  }
}
