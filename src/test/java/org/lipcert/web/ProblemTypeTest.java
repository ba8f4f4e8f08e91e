package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatusCode;

/** The problem types are a stable public contract: distinct slugs, URIs under one base. */
class ProblemTypeTest {

  @Test
  void slugsAreDistinctAndUrisShareTheBase() {
    assertThat(Arrays.stream(ProblemType.values()).map(ProblemType::slug))
        .as("every slug is used once")
        .doesNotHaveDuplicates();
    for (ProblemType type : ProblemType.values()) {
      assertThat(type.uri().toString())
          .as("type URI of %s", type)
          .isEqualTo("https://lipcert.dev/problems/" + type.slug());
    }
  }

  @Test
  void frameworkStatusesMapToTheirGenericKind() {
    assertThat(ProblemType.forStatus(HttpStatusCode.valueOf(400)))
        .as("a framework 400 is a bad-request, not one of LipCert's specific 400s")
        .contains(ProblemType.BAD_REQUEST);
    assertThat(ProblemType.forStatus(HttpStatusCode.valueOf(405)))
        .as("405")
        .contains(ProblemType.METHOD_NOT_ALLOWED);
    assertThat(ProblemType.forStatus(HttpStatusCode.valueOf(418)))
        .as("a status without a kind keeps about:blank")
        .isEmpty();
  }
}
