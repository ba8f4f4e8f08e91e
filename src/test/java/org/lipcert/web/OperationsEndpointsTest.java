package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/** The actuator endpoints that orchestrators probe, and only those, are exposed. */
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

  private void assertUp(String path) {
    ApiClient.Response response = api.get(path);
    assertThat(response.status()).as("%s answers", path).isEqualTo(200);
    assertThat(response.json().path("status").asString()).as("%s status", path).isEqualTo("UP");
  }
}
