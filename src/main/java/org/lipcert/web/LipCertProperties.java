package org.lipcert.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The service's settings, under the prefix {@code lipcert}.
 *
 * @param maxUploadSize {@code lipcert.max-upload-size}: the largest model accepted, as a raw body
 *     or as the multipart part {@code model}, and the JSON reader's document limit; default 64MB
 *     (binary megabytes, 67,108,864 bytes)
 * @param certification {@code lipcert.certification.*}: how certifications run
 */
@ConfigurationProperties("lipcert")
record LipCertProperties(
    @DefaultValue("64MB") DataSize maxUploadSize, @DefaultValue Certification certification) {

  /**
   * The largest cap that fits in one array, since an upload is held as a {@code byte[]} (the JVM
   * refuses arrays within a few elements of {@link Integer#MAX_VALUE}).
   */
  static final long MAX_UPLOAD_SIZE_LIMIT = Integer.MAX_VALUE - 16L;

  /**
   * Validates the settings, so that a bad value stops the service at start-up.
   *
   * @throws IllegalArgumentException if the cap is not positive or exceeds {@link
   *     #MAX_UPLOAD_SIZE_LIMIT}
   */
  LipCertProperties {
    long bytes = maxUploadSize.toBytes();
    if (bytes < 1 || bytes > MAX_UPLOAD_SIZE_LIMIT) {
      throw new IllegalArgumentException(
          "lipcert.max-upload-size must lie between 1B and "
              + MAX_UPLOAD_SIZE_LIMIT
              + "B, got "
              + maxUploadSize);
    }
  }

  /** Returns the cap in bytes. */
  long maxUploadBytes() {
    return maxUploadSize.toBytes();
  }

  /**
   * How certifications run.
   *
   * @param threads {@code lipcert.certification.threads}: the size of the thread pool that brackets
   *     independent layers, shared by all requests; unset means the number of available processors
   */
  record Certification(Integer threads) {

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if {@code threads} is given and not positive
     */
    Certification {
      if (threads != null && threads < 1) {
        throw new IllegalArgumentException(
            "lipcert.certification.threads must be positive, got " + threads);
      }
    }

    /** Returns the configured thread count, or the number of available processors. */
    int threadCount() {
      return threads != null ? threads : Runtime.getRuntime().availableProcessors();
    }
  }
}
