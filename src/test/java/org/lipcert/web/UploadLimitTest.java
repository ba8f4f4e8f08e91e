package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.ProblemAssert.assertProblem;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The upload cap {@code lipcert.max-upload-size}, set to {@value #CAP_BYTES} bytes here, for raw
 * bodies, JSON or octet-stream alike (by {@code Content-Length}, and counted for chunked bodies
 * that declare none) and for multipart uploads (enforced by the container through {@code
 * spring.servlet.multipart.*}).
 *
 * <p>The oversize bodies are about 10 KB: small enough that Tomcat swallows them after refusing the
 * request, so the client reads the 413 rather than a connection reset.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "lipcert.max-upload-size=2KB")
class UploadLimitTest {

  private static final long CAP_BYTES = 2048;

  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void aModelUnderTheCapIsCertified() {
    assertThat(TINY_MLP.length).as("the example is under the cap").isLessThan((int) CAP_BYTES);

    ApiClient.Response response = api.post(CERTIFICATES, "application/json", TINY_MLP);

    assertThat(response.status()).as("status; body: %s", response.text()).isEqualTo(200);
  }

  @Test
  void aRawBodyOverTheCapIsRefusedByItsContentLength() {
    byte[] body = oversizeModel();

    ApiClient.Response response = api.post(CERTIFICATES, "application/json", body);

    JsonNode problem =
        assertProblem(
            response,
            ProblemType.PAYLOAD_TOO_LARGE,
            CERTIFICATES,
            String.valueOf(body.length),
            String.valueOf(CAP_BYTES));
    assertThat(problem.path("maxBytes").asLong()).as("maxBytes property").isEqualTo(CAP_BYTES);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json", "application/octet-stream"})
  void aChunkedRawBodyOverTheCapIsRefusedWhileRead(String contentType) {
    ApiClient.Response response = api.postChunked(CERTIFICATES, contentType, oversizeModel());

    assertProblem(response, ProblemType.PAYLOAD_TOO_LARGE, CERTIFICATES, String.valueOf(CAP_BYTES));
  }

  @Test
  void anOctetStreamBodyOverTheCapIsRefusedByItsContentLength() {
    byte[] body = oversizeModel();

    ApiClient.Response response = api.post(CERTIFICATES, "application/octet-stream", body);

    JsonNode problem =
        assertProblem(
            response,
            ProblemType.PAYLOAD_TOO_LARGE,
            CERTIFICATES,
            String.valueOf(body.length),
            String.valueOf(CAP_BYTES));
    assertThat(problem.path("maxBytes").asLong()).as("maxBytes property").isEqualTo(CAP_BYTES);
  }

  @Test
  void anOctetStreamBodyUnderTheCapIsCertified() {
    ApiClient.Response response = api.post(CERTIFICATES, "application/octet-stream", TINY_MLP);

    assertThat(response.status()).as("status; body: %s", response.text()).isEqualTo(200);
  }

  @Test
  void aMultipartUploadOverTheCapIsRefused() {
    ApiClient.Response response =
        api.postMultipart(CERTIFICATES, "model", "big.json", oversizeModel());

    JsonNode problem =
        assertProblem(
            response, ProblemType.PAYLOAD_TOO_LARGE, CERTIFICATES, String.valueOf(CAP_BYTES));
    assertThat(problem.path("maxBytes").asLong()).as("maxBytes property").isEqualTo(CAP_BYTES);
  }

  /**
   * A body more than 2 MiB over the cap: beyond Tomcat's default swallow size, so the 413 is
   * readable only because {@code server.tomcat.max-swallow-size} is raised.
   */
  private static byte[] farOverTheCap() {
    byte[] body = new byte[(int) CAP_BYTES + 2 * 1024 * 1024 + 4096];
    java.util.Arrays.fill(body, (byte) ' ');
    byte[] head = "{\"format\": \"lipcert/v1\", \"layers\": []}".getBytes(UTF_8);
    System.arraycopy(head, 0, body, 0, head.length);
    return body;
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/json", "application/octet-stream"})
  void aRawBodyMoreThanTwoMebibytesOverTheCapGetsAReadable413(String contentType) {
    byte[] body = farOverTheCap();

    ApiClient.Response response = api.post(CERTIFICATES, contentType, body);

    assertProblem(response, ProblemType.PAYLOAD_TOO_LARGE, CERTIFICATES, String.valueOf(CAP_BYTES));
  }

  @Test
  void aChunkedBodyMoreThanTwoMebibytesOverTheCapGetsAReadable413() {
    ApiClient.Response response =
        api.postChunked(CERTIFICATES, "application/json", farOverTheCap());

    assertProblem(response, ProblemType.PAYLOAD_TOO_LARGE, CERTIFICATES, String.valueOf(CAP_BYTES));
  }

  @Test
  void aMultipartUploadMoreThanTwoMebibytesOverTheCapGetsAReadable413() {
    ApiClient.Response response =
        api.postMultipart(CERTIFICATES, "model", "big.json", farOverTheCap());

    assertProblem(response, ProblemType.PAYLOAD_TOO_LARGE, CERTIFICATES, String.valueOf(CAP_BYTES));
  }

  @Test
  void aJobOverTheCapIsRefusedAtSubmission() {
    ApiClient.Response response = api.post(JobsTest.JOBS, "application/json", farOverTheCap());

    assertProblem(
        response, ProblemType.PAYLOAD_TOO_LARGE, JobsTest.JOBS, String.valueOf(CAP_BYTES));
  }

  /** Returns a well-formed model of about 10 KB: a 1×1400 dense layer. */
  private static byte[] oversizeModel() {
    StringBuilder weights = new StringBuilder("[[");
    for (int i = 0; i < 1400; i++) {
      weights.append(i == 0 ? "" : ", ").append("0.125");
    }
    weights.append("]]");
    String model =
        "{\"format\": \"lipcert/v1\", \"layers\": [{\"type\": \"dense\", \"weights\": "
            + weights
            + "}]}";
    byte[] bytes = model.getBytes(UTF_8);
    assertThat(bytes.length).as("the oversize model is about 5x the cap").isBetween(8000, 12000);
    return bytes;
  }
}
