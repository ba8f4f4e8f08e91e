package org.lipcert.web;

import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.ProblemAssert.assertProblem;

import org.junit.jupiter.api.Test;
import org.lipcert.io.onnx.OnnxSamples;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The declared-tensor-size cap {@code lipcert.limits.max-tensor-elements} over real HTTP, set to 10
 * here: the sample MLP's first weight matrix (4 × 3 = 12 elements) exceeds it and is refused before
 * anything is allocated, for synchronous requests and jobs alike.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lipcert.limits.max-tensor-elements=10")
class TensorLimitTest {

  @LocalServerPort private int port;

  @Test
  void aTensorOverTheCapIsAnInvalidModel() {
    ApiClient.Response response =
        new ApiClient(port).post(CERTIFICATES, "application/octet-stream", OnnxSamples.mlp());

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, "10");
  }

  @Test
  void aModelUnderTheCapIsCertified() {
    ApiClient.Response response =
        new ApiClient(port)
            .post(
                CERTIFICATES,
                "application/json",
                ApiClient.resource("openapi/examples/tiny-mlp.json"));

    org.assertj.core.api.Assertions.assertThat(response.status())
        .as("a JSON model is not subject to the ONNX tensor cap; body %s", response.text())
        .isEqualTo(200);
  }
}
