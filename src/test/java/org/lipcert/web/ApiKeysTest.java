package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The key matcher against digests computed independently by {@link ApiClient#sha256}. */
class ApiKeysTest {

  private static String hashOf(String key) {
    return ApiClient.sha256(key.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void acceptsExactlyTheConfiguredKeys() {
    ApiKeys keys = new ApiKeys(List.of(hashOf("alpha"), hashOf("béta ✓").toUpperCase()));

    assertThat(keys.accepts("alpha")).as("first key").isTrue();
    assertThat(keys.accepts("béta ✓")).as("second key, non-ASCII, upper-case digest").isTrue();
    assertThat(keys.accepts("Alpha")).as("case matters").isFalse();
    assertThat(keys.accepts("alpha ")).as("trailing space").isFalse();
    assertThat(keys.accepts("")).as("empty key").isFalse();
    assertThat(keys.accepts(null)).as("no key").isFalse();
    assertThat(keys.accepts(hashOf("alpha"))).as("the digest itself is not a key").isFalse();
  }

  @Test
  void randomKeysAreRejected() {
    ApiKeys keys = new ApiKeys(List.of(hashOf("alpha")));
    Random random = new Random(3);
    for (int i = 0; i < 1000; i++) {
      byte[] bytes = new byte[1 + random.nextInt(40)];
      random.nextBytes(bytes);
      String key = new String(bytes, StandardCharsets.ISO_8859_1);
      assertThat(keys.accepts(key)).as("random key %d", i).isEqualTo(key.equals("alpha"));
    }
  }

  @Test
  void noConfiguredKeyAcceptsNothing() {
    assertThat(new ApiKeys(List.of()).accepts("anything")).as("empty set").isFalse();
  }
}
