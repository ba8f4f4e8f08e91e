package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lipcert.testing.JsonModels;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The time budget over real HTTP, with the service's cap {@code lipcert.limits.time-budget} at 2
 * seconds: a request's {@code timeBudgetMillis} applies up to the cap, the cap applies to requests
 * that give none, and when the budget runs out the report says so, marks the layers it could not
 * converge, and keeps every upper bound above the lower bounds an unhurried run witnesses.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lipcert.limits.time-budget=2s")
class TimeBudgetTest {

  private static final byte[] MODEL =
      JsonModels.randomReluMlp(31, 200, 200, 200, 200).getBytes(UTF_8);

  /** Brackets every layer iteratively (no exact SVD, no materialisation). */
  private static final String ITERATIVE = "exactSvdMaxDimension=0&materializeMaxDimension=0";

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  private JsonNode certify(String query) {
    ApiClient.Response response = api.post(CERTIFICATES + "?" + query, "application/json", MODEL);
    assertThat(response.status()).as("status; body %s", response.text()).isEqualTo(200);
    return response.json();
  }

  @Test
  void anExhaustedBudgetLeavesLayersUnconvergedAndBoundsCertified() {
    JsonNode unhurried = certify(ITERATIVE + "&bound=naive&witnessSamples=1");
    JsonNode hurried = certify(ITERATIVE + "&timeBudgetMillis=1");

    assertThat(unhurried.path("timings").has("budgetExhausted"))
        .as("an unhurried run does not mention the budget")
        .isFalse();
    for (JsonNode layer : unhurried.path("layers").values()) {
      assertThat(layer.path("converged").asBoolean())
          .as("unhurried layer %s converged", layer.path("name").asString())
          .isTrue();
    }
    assertThat(hurried.path("timings").path("budgetExhausted").asBoolean())
        .as("budgetExhausted")
        .isTrue();
    assertThat(hurried.path("options").path("timeBudgetMillis").asLong())
        .as("the request's budget, under the cap")
        .isEqualTo(1);
    boolean someUnconverged = false;
    for (int i = 0; i < 3; i++) {
      JsonNode layer = hurried.path("layers").get(i);
      someUnconverged |= !layer.path("converged").asBoolean();
      assertThat(layer.path("upper").asDouble())
          .as("hurried upper bound of %s vs the unhurried witness", layer.path("name").asString())
          .isGreaterThanOrEqualTo(unhurried.path("layers").get(i).path("lower").asDouble());
    }
    assertThat(someUnconverged).as("some layer is reported unconverged").isTrue();
    assertThat(hurried.path("network").path("upperBound").asDouble())
        .as("hurried network upper bound vs the unhurried lower bound")
        .isGreaterThanOrEqualTo(unhurried.path("network").path("lowerBound").asDouble());
  }

  @Test
  void theServiceCapLimitsRequestsThatAskForMoreOrNothing() {
    JsonNode askedMore = certify("timeBudgetMillis=600000&witnessSamples=100000000");
    JsonNode askedNothing = certify("witnessSamples=100000000");

    for (JsonNode report : new JsonNode[] {askedMore, askedNothing}) {
      assertThat(report.path("options").path("timeBudgetMillis").asLong())
          .as("the effective budget is the cap")
          .isEqualTo(2000);
      assertThat(report.path("timings").path("budgetExhausted").asBoolean())
          .as("the endless witness search ran out of budget")
          .isTrue();
      assertThat(report.path("timings").path("totalMillis").asLong())
          .as("the certification stopped near the cap")
          .isLessThan(20_000);
    }
  }
}
