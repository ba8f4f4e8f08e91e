package org.lipcert.io;

/** The model formats LipCert reads, as told from the first bytes of the content. */
public enum ModelFormat {
  /** LipCert's JSON format {@code lipcert/v1}: the first non-blank byte is <code>{</code>. */
  JSON,
  /** Anything else. */
  UNKNOWN;

  /**
   * Sniffs the format.
   *
   * @param bytes the content; not modified
   * @return the format
   */
  public static ModelFormat detect(byte[] bytes) {
    int i = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      i = 3; // UTF-8 byte order mark
    }
    while (i < bytes.length
        && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
      i++;
    }
    return i < bytes.length && bytes[i] == '{' ? JSON : UNKNOWN;
  }
}
