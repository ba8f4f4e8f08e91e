package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;

import tools.jackson.databind.JsonNode;

/** Checks that a response is the RFC 9457 problem document of a given {@link ProblemType}. */
final class ProblemAssert {

  private ProblemAssert() {}

  /**
   * Asserts status, content type, {@code type}, {@code title}, {@code status} and {@code instance}
   * of a problem response, and that its {@code detail} mentions every culprit given.
   *
   * @param response the response
   * @param type the expected kind of problem
   * @param instance the request path the problem must name
   * @param culprits strings the detail must contain (the JSON path, parameter, media type, …); none
   *     when only a non-blank detail can be required
   * @return the problem document, for further checks
   */
  static JsonNode assertProblem(
      ApiClient.Response response, ProblemType type, String instance, String... culprits) {
    assertThat(response.status())
        .as("HTTP status of a %s problem; body: %s", type.slug(), response.text())
        .isEqualTo(type.status().value());
    assertThat(response.contentType())
        .as("problems are sent as RFC 9457 problem+json")
        .startsWith("application/problem+json");
    JsonNode problem = response.json();
    assertThat(problem.path("type").asString())
        .as("stable type URI of the problem")
        .isEqualTo(ProblemType.BASE_URI + type.slug());
    assertThat(problem.path("title").asString())
        .as("human title of the problem type")
        .isEqualTo(type.title());
    assertThat(problem.path("status").asInt())
        .as("status member equals the HTTP status")
        .isEqualTo(type.status().value());
    assertThat(problem.path("instance").asString())
        .as("instance is the request path")
        .isEqualTo(instance);
    assertThat(problem.path("detail").asString()).as("the problem has a detail").isNotBlank();
    if (culprits.length > 0) {
      assertThat(problem.path("detail").asString())
          .as("detail names the culprit")
          .contains(culprits);
    }
    return problem;
  }
}
