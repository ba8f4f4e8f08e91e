package org.lipcert.web;

/**
 * Thrown when the request body cannot be read to its end: the client disconnected mid-upload, or
 * the transfer or multipart encoding is broken. Answered with {@link ProblemType#BAD_REQUEST} (when
 * the client is still there to read it).
 */
final class UnreadableUploadException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception.
   *
   * @param message what could not be read, phrased for the caller
   * @param cause the I/O or multipart failure
   */
  UnreadableUploadException(String message, Throwable cause) {
    super(message, cause);
  }
}
