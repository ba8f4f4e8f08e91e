package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.ProblemAssert.assertProblem;

import java.util.SplittableRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * One test per error the API reports, over real HTTP: status, {@code application/problem+json}, the
 * stable {@code type}, {@code title}, {@code instance}, and a {@code detail} that names the
 * culprit. The 413 cases need a small cap and live in {@link UploadLimitTest}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ExtendWith(OutputCaptureExtension.class)
class ProblemResponsesTest {

  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void malformedJsonIsAMalformedModel() {
    ApiClient.Response response = postJson("{\"format\": \"lipcert/v1\",\n \"layers\": [}");

    assertProblem(response, ProblemType.MALFORMED_MODEL, CERTIFICATES, "line 2, column");
  }

  /**
   * Jackson appends where the open array or object started as "(start marker at [Source: REDACTED
   * (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); byte offset: #UNKNOWN])", which
   * tells the client nothing. Enable once io/json's JsonTreeReader replaces that tail.
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "{\"format\": \"lipcert/v1\",\n \"layers\": [}",
        "{\"format\": \"lipcert/v1\",\n \"layers\": ["
      })
  void malformedJsonDetailQuotesNoParserInternals(String json) {
    ApiClient.Response response = postJson(json);

    JsonNode problem =
        assertProblem(response, ProblemType.MALFORMED_MODEL, CERTIFICATES, "line 2, column 13");
    assertThat(problem.path("detail").asString())
        .as("the detail is for the client: no parser internals")
        .doesNotContain("Source:", "REDACTED", "#UNKNOWN", "StreamReadFeature");
  }

  @Test
  void randomBytesAsAnOctetStreamAreAMalformedModel() {
    byte[] noise = new byte[512];
    new SplittableRandom(20240917).nextBytes(noise);
    noise[0] = (byte) 0xFF; // neither '{' nor blank, nor a protobuf field tag: no known format

    ApiClient.Response response = api.post(CERTIFICATES, "application/octet-stream", noise);

    assertProblem(response, ProblemType.MALFORMED_MODEL, CERTIFICATES);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"application/octet-stream", "application/json"})
  void anEmptyBodyIsAMalformedModel(String contentType) {
    ApiClient.Response response = api.post(CERTIFICATES, contentType, new byte[0]);

    assertProblem(response, ProblemType.MALFORMED_MODEL, CERTIFICATES, "empty");
  }

  @Test
  void raggedWeightsAreAnInvalidModel() {
    ApiClient.Response response =
        postJson(
            """
            {"format": "lipcert/v1", "layers": [
              {"type": "dense", "name": "fc1", "weights": [[1, 2], [3]]}]}""");

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, "layers[0].weights", "ragged");
  }

  @Test
  void aDenseLayerWhoseInputSizeMismatchesIsAnInvalidModel() {
    ApiClient.Response response =
        postJson(
            """
            {"format": "lipcert/v1", "layers": [
              {"type": "dense", "name": "fc1", "weights": [[1, 0], [0, 1], [1, 1]]},
              {"type": "relu"},
              {"type": "dense", "name": "fc2", "weights": [[1, 2]]}]}""");

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, "layers[2]", "fc2");
  }

  @Test
  void aNanWeightIsAnInvalidModelNamingItsPath() {
    ApiClient.Response response =
        postJson(
            """
            {"format": "lipcert/v1", "layers": [
              {"type": "dense", "name": "fc1", "weights": [[1, NaN], [0, 1]]}]}""");

    assertProblem(
        response, ProblemType.INVALID_MODEL, CERTIFICATES, "layers[0].weights[0][1]", "NaN");
  }

  @Test
  void problemsAreProblemJsonEvenWhenTheClientAcceptsOnlyJson() {
    ApiClient.Response response =
        api.post(
            CERTIFICATES,
            "application/json",
            "application/json",
            "{\"format\": \"lipcert/v1\"}".getBytes(UTF_8));

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, "layers");
  }

  @Test
  void aSignLayerIsNotCertifiable() {
    ApiClient.Response response =
        postJson(
            """
            {"format": "lipcert/v1", "layers": [
              {"type": "dense", "name": "fc1", "weights": [[1, 2]]},
              {"type": "sign", "name": "threshold"}]}""");

    JsonNode problem =
        assertProblem(response, ProblemType.NOT_CERTIFIABLE, CERTIFICATES, "threshold", "sign");
    assertThat(problem.path("node").asString()).as("node property").isEqualTo("threshold");
    assertThat(problem.path("opType").asString()).as("opType property").isEqualTo("sign");
    assertThat(problem.path("reason").asString())
        .as("reason property")
        .contains("no finite Lipschitz constant");
  }

  @Test
  void aToleranceOutOfRangeIsAnInvalidParameter() {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?tolerance=2", "application/json", TINY_MLP);

    JsonNode problem =
        assertProblem(response, ProblemType.INVALID_PARAMETER, CERTIFICATES, "tolerance", "(0, 1)");
    assertThat(problem.path("parameter").asString())
        .as("parameter property")
        .isEqualTo("tolerance");
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource({
    "materializeMaxDimension, -1, must not be negative",
    "exactSvdMaxDimension, 1e3, must be an integer"
  })
  void aDimensionThresholdOutOfRangeIsAnInvalidParameter(
      String parameter, String value, String why) {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?" + parameter + "=" + value, "application/json", TINY_MLP);

    JsonNode problem =
        assertProblem(response, ProblemType.INVALID_PARAMETER, CERTIFICATES, parameter, why);
    assertThat(problem.path("parameter").asString()).as("parameter property").isEqualTo(parameter);
  }

  @Test
  void aMisspeltParameterIsAnInvalidParameter() {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?max_lipschitz=1", "application/json", TINY_MLP);

    JsonNode problem =
        assertProblem(
            response, ProblemType.INVALID_PARAMETER, CERTIFICATES, "max_lipschitz", "maxLipschitz");
    assertThat(problem.path("parameter").asString())
        .as("parameter property")
        .isEqualTo("max_lipschitz");
  }

  @Test
  void aMultipartRequestWithoutThePartModelIsABadRequest() {
    ApiClient.Response response =
        api.postMultipart(CERTIFICATES, "file", "tiny-mlp.json", TINY_MLP);

    assertProblem(response, ProblemType.BAD_REQUEST, CERTIFICATES, "'model'");
  }

  @Test
  void plainTextIsAnUnsupportedMediaType() {
    ApiClient.Response response = api.post(CERTIFICATES, "text/plain", TINY_MLP);

    assertProblem(
        response,
        ProblemType.UNSUPPORTED_MEDIA_TYPE,
        CERTIFICATES,
        "text/plain",
        "application/json, application/octet-stream, multipart/form-data");
    assertThat(response.headers().firstValue("Accept"))
        .as("the Accept header lists the supported media types")
        .hasValueSatisfying(
            accept ->
                assertThat(accept)
                    .contains(
                        "application/json", "application/octet-stream", "multipart/form-data"));
  }

  @Test
  void getOnTheCollectionIsAMethodNotAllowed() {
    ApiClient.Response response = api.get(CERTIFICATES);

    assertProblem(response, ProblemType.METHOD_NOT_ALLOWED, CERTIFICATES, "GET");
    assertThat(response.headers().firstValue("Allow"))
        .as("the Allow header lists POST")
        .hasValue("POST");
  }

  @Test
  void anUnknownPathIsNotFound() {
    ApiClient.Response response = api.get("/api/v1/nothing-here");

    assertProblem(response, ProblemType.NOT_FOUND, "/api/v1/nothing-here", "/api/v1/nothing-here");
  }

  @Test
  void logsClientErrorsAtInfoWithoutModelContent(CapturedOutput output) {
    String secret = "secret-layer-name-3141592";
    ApiClient.Response response =
        postJson(
            """
            {"format": "lipcert/v1", "layers": [
              {"type": "dense", "name": "fc1", "weights": [[1, 0], [0, 1], [1, 1]]},
              {"type": "dense", "name": "%s", "weights": [[1, 2]]}]}"""
                .formatted(secret));

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, secret);
    assertThat(output.getOut())
        .as("one INFO line with method, path, status and type")
        .contains("INFO")
        .contains("POST /api/v1/certificates -> 400 invalid-model")
        .as("the detail, which quotes the model, is not logged at INFO")
        .doesNotContain(secret);
  }

  private ApiClient.Response postJson(String json) {
    return api.post(CERTIFICATES, "application/json", json.getBytes(UTF_8));
  }
}
