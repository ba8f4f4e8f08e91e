package org.lipcert.web;

/**
 * Thrown when an upload exceeds {@code lipcert.max-upload-size}, either as declared by its {@code
 * Content-Length} or as counted while reading; answered with {@link ProblemType#PAYLOAD_TOO_LARGE}.
 */
final class PayloadTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long maxBytes;

  /**
   * Creates the exception.
   *
   * @param maxBytes the cap
   * @param actualBytes the upload's size when known (declared or counted), else {@code -1}
   */
  PayloadTooLargeException(long maxBytes, long actualBytes) {
    super(
        actualBytes >= 0
            ? "the model is " + actualBytes + " bytes; the limit is " + maxBytes + " bytes"
            : "the model exceeds the limit of " + maxBytes + " bytes");
    this.maxBytes = maxBytes;
  }

  /** Returns the cap, in bytes. */
  long maxBytes() {
    return maxBytes;
  }
}
