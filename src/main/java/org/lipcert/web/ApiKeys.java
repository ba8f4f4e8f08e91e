package org.lipcert.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The accepted API keys, held only as SHA-256 digests: a presented key is hashed and compared with
 * every digest in constant time ({@link MessageDigest#isEqual}), without stopping at the first
 * match, so that neither the timing nor the order of the configured keys tells anything about them.
 * Immutable and thread-safe.
 */
final class ApiKeys {

  private final List<byte[]> digests;

  /**
   * Creates the set.
   *
   * @param hexDigests the hex SHA-256 digests of the accepted keys, validated by {@link
   *     LipCertProperties.Security}
   */
  ApiKeys(List<String> hexDigests) {
    this.digests = hexDigests.stream().map(HexFormat.of()::parseHex).toList();
  }

  /**
   * Returns whether a presented key is one of the accepted ones.
   *
   * @param presented the header's value, possibly {@code null}
   * @return true if its SHA-256 equals a configured digest
   */
  boolean accepts(String presented) {
    if (presented == null) {
      return false;
    }
    byte[] digest = sha256(presented);
    boolean match = false;
    for (byte[] accepted : digests) {
      match |= MessageDigest.isEqual(digest, accepted);
    }
    return match;
  }

  /** Returns the SHA-256 of a key's UTF-8 bytes. */
  static byte[] sha256(String key) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform has SHA-256", e);
    }
  }
}
