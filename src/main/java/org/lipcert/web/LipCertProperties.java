package org.lipcert.web;

import java.util.List;
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
 * @param limits {@code lipcert.limits.*}: what one request may cost
 * @param jobs {@code lipcert.jobs.*}: the asynchronous jobs
 * @param security {@code lipcert.security.*}: API keys
 */
@ConfigurationProperties("lipcert")
record LipCertProperties(
    @DefaultValue("64MB") DataSize maxUploadSize,
    @DefaultValue Certification certification,
    @DefaultValue Limits limits,
    @DefaultValue Jobs jobs,
    @DefaultValue Security security) {

  /**
   * API keys.
   *
   * @param enabled {@code lipcert.security.enabled}: whether {@code /api/**} and {@code
   *     /actuator/prometheus} require a key in {@code X-API-Key} (default false)
   * @param apiKeyHashes {@code lipcert.security.api-key-hashes}: the lowercase or uppercase hex
   *     SHA-256 of each accepted key, comma-separated in the environment variable {@code
   *     LIPCERT_SECURITY_APIKEYHASHES}; never the keys themselves
   */
  record Security(@DefaultValue("false") boolean enabled, List<String> apiKeyHashes) {

    private static final java.util.regex.Pattern SHA256_HEX =
        java.util.regex.Pattern.compile("[0-9a-fA-F]{64}");

    /**
     * Validates the keys.
     *
     * @throws IllegalArgumentException if security is enabled without a key, or a hash is not 64
     *     hex digits
     */
    Security {
      apiKeyHashes =
          apiKeyHashes == null
              ? List.of()
              : apiKeyHashes.stream().map(String::strip).filter(h -> !h.isEmpty()).toList();
      for (String hash : apiKeyHashes) {
        if (!SHA256_HEX.matcher(hash).matches()) {
          throw new IllegalArgumentException(
              "lipcert.security.api-key-hashes must hold hex SHA-256 digests (64 hex digits, e.g."
                  + " printf %s \"$KEY\" | sha256sum), got one of "
                  + hash.length()
                  + " characters");
        }
      }
      if (enabled && apiKeyHashes.isEmpty()) {
        throw new IllegalArgumentException(
            "lipcert.security.enabled is true but lipcert.security.api-key-hashes is empty: give"
                + " the SHA-256 of at least one key, or disable security");
      }
    }
  }

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
   * What one request may cost.
   *
   * @param maxConcurrentCertifications {@code lipcert.limits.max-concurrent-certifications}: the
   *     certifications that may run at once, synchronous requests and jobs together; a synchronous
   *     request beyond it is answered 429 with {@code Retry-After}; unset means the number of
   *     processors
   * @param timeBudget {@code lipcert.limits.time-budget}: the longest a certification may run, and
   *     the budget of requests that give none (default 5 minutes)
   * @param maxTensorElements {@code lipcert.limits.max-tensor-elements}: the largest element count
   *     an ONNX tensor may declare (400 above it), default 2²⁶
   */
  record Limits(
      Integer maxConcurrentCertifications,
      @DefaultValue("5m") java.time.Duration timeBudget,
      @DefaultValue("67108864") long maxTensorElements) {

    /**
     * Validates the limits.
     *
     * @throws IllegalArgumentException if a value is not positive
     */
    Limits {
      if (maxConcurrentCertifications != null && maxConcurrentCertifications < 1) {
        throw new IllegalArgumentException(
            "lipcert.limits.max-concurrent-certifications must be positive, got "
                + maxConcurrentCertifications);
      }
      if (timeBudget.isNegative() || timeBudget.isZero()) {
        throw new IllegalArgumentException(
            "lipcert.limits.time-budget must be positive, got " + timeBudget);
      }
      if (maxTensorElements < 1) {
        throw new IllegalArgumentException(
            "lipcert.limits.max-tensor-elements must be positive, got " + maxTensorElements);
      }
    }

    /** Returns the number of certifications that may run at once. */
    int concurrentCertifications() {
      return maxConcurrentCertifications != null
          ? maxConcurrentCertifications
          : Runtime.getRuntime().availableProcessors();
    }
  }

  /**
   * The asynchronous jobs.
   *
   * @param queueCapacity {@code lipcert.jobs.queue-capacity}: jobs that may wait for a free slot; a
   *     job beyond it is refused with 503 and {@code Retry-After} (default 16)
   * @param retention {@code lipcert.jobs.retention}: how long a finished job stays readable
   *     (default 1 hour)
   * @param maxStored {@code lipcert.jobs.max-stored}: the most jobs kept, finished ones dropped
   *     oldest first beyond it (default 1000)
   */
  record Jobs(
      @DefaultValue("16") int queueCapacity,
      @DefaultValue("1h") java.time.Duration retention,
      @DefaultValue("1000") int maxStored) {

    /**
     * Validates the settings.
     *
     * @throws IllegalArgumentException if a value is out of range
     */
    Jobs {
      if (queueCapacity < 0) {
        throw new IllegalArgumentException(
            "lipcert.jobs.queue-capacity must not be negative, got " + queueCapacity);
      }
      if (retention.isNegative()) {
        throw new IllegalArgumentException(
            "lipcert.jobs.retention must not be negative, got " + retention);
      }
      if (maxStored < 1) {
        throw new IllegalArgumentException(
            "lipcert.jobs.max-stored must be positive, got " + maxStored);
      }
    }
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
