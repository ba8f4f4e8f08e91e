package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** Binding {@code lipcert.*}: defaults, relaxed values, and refusal of values that cannot work. */
class LipCertPropertiesTest {

  @Test
  void defaultsAre64MegabytesAndOneThreadPerProcessor() {
    LipCertProperties properties = bind(Map.of());

    assertThat(properties.maxUploadBytes())
        .as("default cap: 64MB in binary units, the JSON reader's default too")
        .isEqualTo(64L << 20);
    assertThat(properties.certification().threadCount())
        .as("default threads: available processors")
        .isEqualTo(Runtime.getRuntime().availableProcessors());
  }

  @Test
  void valuesAreBound() {
    LipCertProperties properties =
        bind(Map.of("lipcert.max-upload-size", "2KB", "lipcert.certification.threads", "3"));

    assertThat(properties.maxUploadBytes()).as("2KB").isEqualTo(2048);
    assertThat(properties.certification().threadCount()).as("threads").isEqualTo(3);
  }

  @Test
  void aCapThatAnArrayCannotHoldIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("lipcert.max-upload-size", "4GB")))
        .as("a cap above what one byte[] holds stops the start-up")
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("lipcert.max-upload-size");
  }

  @Test
  void aNonPositiveThreadCountIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("lipcert.certification.threads", "0")))
        .as("0 threads stops the start-up")
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("lipcert.certification.threads");
  }

  @Test
  void limitsAndJobsHaveDocumentedDefaults() {
    LipCertProperties properties = bind(Map.of());

    assertThat(properties.limits().timeBudget()).as("time budget").hasMinutes(5);
    assertThat(properties.limits().maxTensorElements()).as("tensor cap").isEqualTo(1L << 26);
    assertThat(properties.limits().concurrentCertifications())
        .as("slots: one per processor")
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(properties.jobs().queueCapacity()).as("queue").isEqualTo(16);
    assertThat(properties.jobs().retention()).as("retention").hasHours(1);
    assertThat(properties.jobs().maxStored()).as("max stored").isEqualTo(1000);
    assertThat(properties.security().enabled()).as("API keys off by default").isFalse();
  }

  @Test
  void apiKeyHashesAreBoundFromACommaSeparatedList() {
    String a = "a".repeat(64);
    String b = "0123456789ABCDEF".repeat(4);
    LipCertProperties properties =
        bind(
            Map.of(
                "lipcert.security.enabled",
                "true",
                "lipcert.security.api-key-hashes",
                a + " , " + b));

    assertThat(properties.security().apiKeyHashes()).as("hashes, trimmed").containsExactly(a, b);
  }

  @Test
  void keysEnabledWithoutHashesAreRefused() {
    assertThatThrownBy(() -> bind(Map.of("lipcert.security.enabled", "true")))
        .as("security without a key stops the start-up")
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("lipcert.security.api-key-hashes");
  }

  @Test
  void aHashThatIsNotSha256HexIsRefused() {
    assertThatThrownBy(() -> bind(Map.of("lipcert.security.api-key-hashes", "my-plaintext-key")))
        .as("a plaintext key stops the start-up, without being echoed")
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("SHA-256")
        .hasMessageNotContaining("my-plaintext-key");
  }

  @Test
  void nonPositiveLimitsAreRefused() {
    for (Map.Entry<String, String> bad :
        Map.of(
                "lipcert.limits.max-concurrent-certifications", "0",
                "lipcert.limits.time-budget", "0s",
                "lipcert.limits.max-tensor-elements", "0",
                "lipcert.jobs.queue-capacity", "-1",
                "lipcert.jobs.max-stored", "0")
            .entrySet()) {
      assertThatThrownBy(() -> bind(Map.of(bad.getKey(), bad.getValue())))
          .as("%s=%s stops the start-up", bad.getKey(), bad.getValue())
          .isInstanceOf(BindException.class)
          .rootCause()
          .hasMessageContaining(bad.getKey());
    }
  }

  private static LipCertProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("lipcert", LipCertProperties.class);
  }
}
