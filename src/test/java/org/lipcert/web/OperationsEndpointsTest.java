package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The operations surface: the actuator endpoints that orchestrators probe and Prometheus scrapes,
 * and only those, are exposed; every response carries a request id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OperationsEndpointsTest {

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void healthIsUp() {
    assertUp("/actuator/health");
  }

  @Test
  void livenessProbeIsUp() {
    assertUp("/actuator/health/liveness");
  }

  @Test
  void readinessProbeIsUp() {
    assertUp("/actuator/health/readiness");
  }

  @Test
  void otherActuatorEndpointsAreNotExposed() {
    assertThat(api.get("/actuator/env").status())
        .as("/actuator/env is not exposed (it would show the configuration)")
        .isEqualTo(404);
  }

  @Test
  void prometheusMetricsCountCertificationsAndTimeLayers() {
    ApiClient.Response certified =
        api.post(
            ApiClient.CERTIFICATES,
            "application/json",
            ApiClient.resource("openapi/examples/tiny-mlp.json"));
    assertThat(certified.status()).as("certification status").isEqualTo(200);

    ApiClient.Response metrics = api.get("/actuator/prometheus");

    assertThat(metrics.status()).as("/actuator/prometheus answers").isEqualTo(200);
    assertThat(metrics.text())
        .as("Prometheus exposition")
        .containsPattern(
            "lipcert_certifications_total\\{[^}]*mode=\"sync\"[^}]*outcome=\"succeeded\"[^}]*\\}"
                + " [1-9]")
        .containsPattern("lipcert_layer_duration_seconds_bucket\\{[^}]*le=")
        .containsPattern("lipcert_layer_duration_seconds_count [1-9]")
        .contains("lipcert_jobs_queue_depth")
        .contains("lipcert_jobs_running");
  }

  @Test
  void everyResponseCarriesARequestId() {
    ApiClient.Response given = api.get("/actuator/health", "X-Request-Id", "pipeline-42.run_7");
    ApiClient.Response fresh = api.get("/actuator/health");
    ApiClient.Response hostile = api.get("/actuator/health", "X-Request-Id", "a b\"<script>");

    assertThat(given.headers().firstValue("X-Request-Id"))
        .as("a client's plain id is echoed")
        .hasValue("pipeline-42.run_7");
    assertThat(fresh.headers().firstValue("X-Request-Id"))
        .as("a request without an id gets a UUID")
        .hasValueSatisfying(id -> assertThat(java.util.UUID.fromString(id)).isNotNull());
    assertThat(hostile.headers().firstValue("X-Request-Id"))
        .as("an id that is not a plain token is replaced")
        .hasValueSatisfying(id -> assertThat(id).doesNotContain("<", " "));
  }

  private void assertUp(String path) {
    ApiClient.Response response = api.get(path);
    assertThat(response.status()).as("%s answers", path).isEqualTo(200);
    assertThat(response.json().path("status").asString()).as("%s status", path).isEqualTo("UP");
  }
}
