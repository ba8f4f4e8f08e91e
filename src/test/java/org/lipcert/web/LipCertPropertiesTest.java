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

  private static LipCertProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("lipcert", LipCertProperties.class);
  }
}
