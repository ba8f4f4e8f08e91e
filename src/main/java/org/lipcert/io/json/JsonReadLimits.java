package org.lipcert.io.json;

/**
 * Limits applied while reading a JSON model, so that a hostile document cannot exhaust memory or
 * time: document size, nesting depth, number and string lengths.
 *
 * @param maxDocumentBytes the largest document accepted
 * @param maxNestingDepth the deepest nesting of arrays and objects
 * @param maxNumberLength the longest number literal, in characters
 * @param maxStringLength the longest string, in characters
 */
public record JsonReadLimits(
    long maxDocumentBytes, int maxNestingDepth, int maxNumberLength, int maxStringLength) {

  /** The default document limit, 64 MiB, the same as the service's upload cap. */
  public static final long DEFAULT_MAX_DOCUMENT_BYTES = 64L << 20;

  /** Deep enough for nested residual blocks of convolutions (4-d kernels), shallow enough. */
  public static final int DEFAULT_MAX_NESTING_DEPTH = 64;

  /** Longer than any float64 literal needs (at most 24 significant characters). */
  public static final int DEFAULT_MAX_NUMBER_LENGTH = 64;

  /** Names and types are short. */
  public static final int DEFAULT_MAX_STRING_LENGTH = 64 * 1024;

  /** Returns the defaults. */
  public static JsonReadLimits defaults() {
    return new JsonReadLimits(
        DEFAULT_MAX_DOCUMENT_BYTES,
        DEFAULT_MAX_NESTING_DEPTH,
        DEFAULT_MAX_NUMBER_LENGTH,
        DEFAULT_MAX_STRING_LENGTH);
  }

  /** Returns a copy with another document limit. */
  public JsonReadLimits withMaxDocumentBytes(long value) {
    return new JsonReadLimits(value, maxNestingDepth, maxNumberLength, maxStringLength);
  }
}
