package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Certifies the example model over real HTTP, as a raw JSON or octet-stream body and as a multipart
 * upload, and checks the report: layer names, brackets ({@code lower ≤ upper}), the model's
 * SHA-256, the options echoed and the gate.
 *
 * <p>Oracle: the report's own invariants (a certified bracket is ordered) and the request (hash,
 * options); the numbers themselves are checked against exact references in the core tests.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class CertificateControllerTest {

  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void certifiesARawJsonBody() {
    ApiClient.Response response = api.post(CERTIFICATES, "application/json", TINY_MLP);

    JsonNode report = assertReport(response);
    assertThat(report.path("gate").isMissingNode()).as("no gate without maxLipschitz").isTrue();
  }

  @Test
  void certifiesAMultipartUpload() {
    ApiClient.Response response =
        api.postMultipart(CERTIFICATES, "model", "tiny-mlp.json", TINY_MLP);

    JsonNode report = assertReport(response);
    JsonNode raw = api.post(CERTIFICATES, "application/json", TINY_MLP).json();
    assertThat(WithoutTimings.of(report.path("network")))
        .as("the same bytes give the same network bounds whatever the transport (determinism)")
        .isEqualTo(WithoutTimings.of(raw.path("network")));
    assertThat(report.path("layers").get(0).path("upper"))
        .as("the same bytes give the same layer bounds whatever the transport")
        .isEqualTo(raw.path("layers").get(0).path("upper"));
  }

  @Test
  void certifiesARawOctetStreamBodyLikeTheSameBytesSentAsJson() {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?seed=3", "application/octet-stream", TINY_MLP);

    JsonNode report = assertReport(response);
    JsonNode json = api.post(CERTIFICATES + "?seed=3", "application/json", TINY_MLP).json();
    assertThat(withoutTimings(report))
        .as("the format comes from the content: the same bytes give the same report")
        .isEqualTo(withoutTimings(json));
  }

  @Test
  void readsABodyWithoutContentTypeAsAnOctetStream() {
    assertReport(api.post(CERTIFICATES, null, TINY_MLP));
  }

  @Test
  void certifiesAChunkedOctetStreamBody() {
    assertReport(api.postChunked(CERTIFICATES, "application/octet-stream", TINY_MLP));
  }

  @Test
  void certifiesAModelSentAsAMultipartFormField() {
    ApiClient.Response response = api.postMultipart(CERTIFICATES, "model", null, TINY_MLP);

    assertReport(response);
  }

  @Test
  void certifiesAChunkedRawBody() {
    ApiClient.Response response = api.postChunked(CERTIFICATES, "application/json", TINY_MLP);

    assertReport(response);
  }

  @Test
  void echoesTheOptionsGiven() {
    String query =
        "?norm=2&tolerance=1e-4&maxIterations=500&seed=7&exactSvdMaxDimension=3"
            + "&materializeMaxDimension=0&upperBoundMethod=gram&witnessSamples=8&maxLipschitz=100";

    JsonNode options =
        assertReport(api.post(CERTIFICATES + query, "application/json", TINY_MLP)).path("options");

    assertThat(options.path("norm").asString()).as("norm echoed").isEqualTo("2");
    assertThat(options.path("tolerance").asDouble()).as("tolerance echoed").isEqualTo(1e-4);
    assertThat(options.path("maxIterations").asInt()).as("maxIterations echoed").isEqualTo(500);
    assertThat(options.path("seed").asLong()).as("seed echoed").isEqualTo(7);
    assertThat(options.path("exactSvdMaxDimension").asInt())
        .as("exactSvdMaxDimension echoed")
        .isEqualTo(3);
    assertThat(options.path("materializeMaxDimension").asInt())
        .as("materializeMaxDimension echoed")
        .isZero();
    assertThat(options.path("upperBoundMethod").asString())
        .as("upperBoundMethod echoed")
        .isEqualTo("gram");
    assertThat(options.path("witnessSamples").asInt()).as("witnessSamples echoed").isEqualTo(8);
    assertThat(options.path("maxLipschitz").asDouble()).as("maxLipschitz echoed").isEqualTo(100);
  }

  @Test
  void reportsTheDefaultOptionsWhenNoneAreGiven() {
    JsonNode options =
        assertReport(api.post(CERTIFICATES, "application/json", TINY_MLP)).path("options");

    assertThat(options.path("norm").asString()).as("default norm").isEqualTo("2");
    assertThat(options.path("tolerance").asDouble()).as("default tolerance").isEqualTo(1e-6);
    assertThat(options.path("seed").asLong()).as("default seed").isZero();
    assertThat(options.path("exactSvdMaxDimension").asInt())
        .as("default exactSvdMaxDimension")
        .isEqualTo(256);
    assertThat(options.path("materializeMaxDimension").asInt())
        .as("default materializeMaxDimension")
        .isEqualTo(1024);
    assertThat(options.path("upperBoundMethod").asString())
        .as("default upperBoundMethod")
        .isEqualTo("auto");
    assertThat(options.has("maxLipschitz")).as("no default maxLipschitz").isFalse();
  }

  @Test
  void gatePassesForALargeThreshold() {
    JsonNode report =
        assertReport(api.post(CERTIFICATES + "?maxLipschitz=1000", "application/json", TINY_MLP));

    assertThat(report.path("gate").path("maxLipschitz").asDouble())
        .as("gate threshold echoed")
        .isEqualTo(1000);
    assertThat(report.path("gate").path("verdict").asString())
        .as("certified upper bound %s ≤ 1000", report.path("network").path("upperBound"))
        .isEqualTo("PASS");
  }

  @Test
  void gateFailsCertainlyForATinyThreshold() {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?maxLipschitz=0.001", "application/json", TINY_MLP);

    JsonNode report = assertReport(response);
    assertThat(response.status()).as("a failed gate is still a 200 report").isEqualTo(200);
    assertThat(report.path("gate").path("verdict").asString())
        .as("witnessed lower bound %s > 0.001", report.path("network").path("lowerBound"))
        .isEqualTo("FAIL_CERTAIN");
  }

  @Test
  void exactSvdMaxDimensionChoosesTheDenseWitness() {
    JsonNode svd = assertReport(api.post(CERTIFICATES, "application/json", TINY_MLP));
    JsonNode power =
        assertReport(
            api.post(CERTIFICATES + "?exactSvdMaxDimension=0", "application/json", TINY_MLP));

    assertThat(svd.path("layers").get(0).path("method").asString())
        .as("fc1 is 3×4, within the default 256: full-SVD witness")
        .startsWith("svd+");
    assertThat(power.path("layers").get(0).path("method").asString())
        .as("exactSvdMaxDimension=0: Lanczos witness")
        .startsWith("lanczos+");
  }

  @Test
  void materializeMaxDimensionChoosesHowAConvolutionIsBracketed() {
    byte[] cnn =
        """
        {"format": "lipcert/v1", "name": "tiny-cnn", "input": {"shape": [1, 4, 4]},
         "layers": [{"type": "conv2d", "name": "conv", "padding": 1,
                     "weights": [[[[1, 2, 0], [0, -1, 1], [2, 0, 1]]]]}]}"""
            .getBytes(StandardCharsets.UTF_8);

    JsonNode materialised = api.post(CERTIFICATES, "application/json", cnn).json();
    JsonNode structured =
        api.post(CERTIFICATES + "?materializeMaxDimension=0", "application/json", cnn).json();

    assertThat(materialised.path("layers").get(0).path("method").asString())
        .as("16 → 16 is within the default 1024: materialised; body %s", materialised)
        .startsWith("materialized+");
    assertThat(structured.path("layers").get(0).path("method").asString())
        .as("materializeMaxDimension=0: structured bounds; body %s", structured)
        .isNotEmpty()
        .doesNotStartWith("materialized");
    assertThat(structured.path("options").path("materializeMaxDimension").asInt())
        .as("the report records the option that changed the method")
        .isZero();
  }

  private static JsonNode withoutTimings(JsonNode report) {
    ObjectNode copy = (ObjectNode) WithoutTimings.of(report);
    copy.remove("timings");
    return copy;
  }

  /** Checks what every report of the example model must satisfy, and returns it. */
  private static JsonNode assertReport(ApiClient.Response response) {
    assertThat(response.status()).as("status; body: %s", response.text()).isEqualTo(200);
    assertThat(response.contentType()).as("the report is JSON").startsWith("application/json");
    JsonNode report = response.json();

    JsonNode model = report.path("model");
    assertThat(model.path("sha256").asString())
        .as("model.sha256 is the SHA-256 of the bytes sent")
        .isEqualTo(ApiClient.sha256(TINY_MLP));
    assertThat(model.path("name").asString()).as("model name").isEqualTo("tiny-mlp");
    assertThat(model.path("format").asString()).as("model format").isEqualTo("lipcert/v1");

    JsonNode layers = report.path("layers");
    assertThat(layers.size()).as("one entry per dense layer").isEqualTo(2);
    assertThat(layers.get(0).path("name").asString()).as("first layer's name").isEqualTo("fc1");
    assertThat(layers.get(1).path("name").asString()).as("second layer's name").isEqualTo("fc2");
    for (JsonNode layer : layers.values()) {
      assertThat(layer.path("lower").doubleValue())
          .as("layer %s: 0 < lower ≤ upper", layer.path("name").asString())
          .isPositive()
          .isLessThanOrEqualTo(layer.path("upper").doubleValue());
    }

    JsonNode network = report.path("network");
    assertThat(network.path("lowerBound").doubleValue())
        .as("network: 0 < lowerBound ≤ upperBound")
        .isPositive()
        .isLessThanOrEqualTo(network.path("upperBound").doubleValue());
    return report;
  }
}
