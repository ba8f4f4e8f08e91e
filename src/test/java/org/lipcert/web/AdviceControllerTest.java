package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;

import java.nio.charset.StandardCharsets;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lipcert.io.onnx.OnnxSamples;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The advice surfaces over real HTTP: suggestions in a certificate, projected models (JSON and
 * ONNX, re-certified through {@code /api/v1/certificates}), implied bounds checked against
 * certifying the clipped model, the gate's three verdicts, and their problems.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class AdviceControllerTest {

  private static final String PROJECTIONS = "/api/v1/projections";
  private static final String IMPLIED = "/api/v1/clipping/implied-bound";
  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  private double upper(byte[] model, String contentType) {
    ApiClient.Response response = api.post(CERTIFICATES, contentType, model);
    assertThat(response.status()).as("certify: %s", response.text()).isEqualTo(200);
    return response.json().path("network").path("upperBound").asDouble();
  }

  @Test
  void aTargetAddsSuggestionsWhoseBudgetsMeetIt() {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?target=1&policy=uniform", "application/json", TINY_MLP);
    assertThat(response.status()).isEqualTo(200);
    JsonNode suggestions = response.json().path("suggestions");
    assertThat(suggestions.path("target").asDouble()).isEqualTo(1);
    assertThat(suggestions.path("policy").asString()).isEqualTo("uniform");
    assertThat(suggestions.path("feasible").asBoolean()).isTrue();
    assertThat(suggestions.path("boundAtBudgets").asDouble()).isLessThanOrEqualTo(1);
    JsonNode layers = suggestions.path("layers");
    assertThat(layers).hasSize(2);
    assertThat(layers.get(0).path("budget").asDouble())
        .as("uniform: equal budgets, whose product (ReLU between) is the target")
        .isEqualTo(layers.get(1).path("budget").asDouble())
        .isCloseTo(1.0, Percentage.withPercentage(1e-6));
    for (JsonNode layer : layers) {
      assertThat(layer.path("clippedUpper").asDouble())
          .isLessThanOrEqualTo(layer.path("budget").asDouble());
      assertThat(layer.path("normalizationFactor").asDouble()).isBetween(0.0, 1.0);
      assertThat(layer.path("anyWeightsThreshold").asDouble())
          .isLessThanOrEqualTo(layer.path("clipThreshold").asDouble());
    }
    assertThat(api.post(CERTIFICATES, "application/json", TINY_MLP).json().has("suggestions"))
        .as("no target, no suggestions")
        .isFalse();
  }

  @Test
  void theGateHasThreeVerdictsAllSentWith200() {
    JsonNode plain = api.post(CERTIFICATES, "application/json", TINY_MLP).json().path("network");
    double lower = plain.path("lowerBound").asDouble();
    double upper = plain.path("upperBound").asDouble();
    double inside = (lower + upper) / 2;
    assertThat(inside).as("a K strictly inside the bracket").isGreaterThan(lower).isLessThan(upper);
    String[][] cases = {
      {Double.toString(upper * 1.01), "PASS"},
      {Double.toString(inside), "FAIL"},
      {Double.toString(lower * 0.99), "FAIL_CERTAIN"}
    };
    for (String[] c : cases) {
      ApiClient.Response response =
          api.post(CERTIFICATES + "?maxLipschitz=" + c[0], "application/json", TINY_MLP);
      assertThat(response.status()).as("status whatever the verdict (K = %s)", c[0]).isEqualTo(200);
      assertThat(response.json().path("gate").path("verdict").asString())
          .as("verdict for K = %s in [%s, %s]", c[0], lower, upper)
          .isEqualTo(c[1]);
    }
  }

  @Test
  void projectsAJsonModelIntoAJsonModelUnderTheTarget() {
    double before = upper(TINY_MLP, "application/json");
    double target = before / 4;
    for (String mode : new String[] {"normalize", "clip"}) {
      ApiClient.Response response =
          api.post(
              PROJECTIONS + "?target=" + target + "&mode=" + mode, "application/json", TINY_MLP);
      assertThat(response.status()).as("%s: %s", mode, response.text()).isEqualTo(200);
      assertThat(response.contentType()).startsWith("application/json");
      assertThat(response.headers().firstValue("Content-Disposition").orElse(""))
          .contains("tiny-mlp-projected.json");
      double header =
          Double.parseDouble(response.headers().firstValue("LipCert-Upper-Bound").orElseThrow());
      assertThat(header).as("%s: the header's bound is within K", mode).isLessThanOrEqualTo(target);
      assertThat(upper(response.body(), "application/json"))
          .as("%s: the returned model certified again is within K = %s", mode, target)
          .isLessThanOrEqualTo(target)
          .isEqualTo(header);
      assertThat(response.headers().firstValue("LipCert-Changes").orElse(""))
          .contains(mode.equals("clip") ? "clip:" : "scale:");
    }
  }

  @Test
  void projectsAnOnnxModelIntoAnOnnxModel() {
    byte[] onnx = OnnxSamples.mlp();
    double target = upper(onnx, "application/octet-stream") / 3;
    ApiClient.Response response =
        api.post(
            PROJECTIONS + "?target=" + target + "&mode=clip", "application/octet-stream", onnx);
    assertThat(response.status()).as(response.text()).isEqualTo(200);
    assertThat(response.contentType()).startsWith("application/octet-stream");
    assertThat(response.body()[0]).as("a protobuf, not JSON").isNotEqualTo((byte) '{');
    assertThat(upper(response.body(), "application/octet-stream")).isLessThanOrEqualTo(target);
  }

  @Test
  void projectionProblems() {
    ProblemAssert.assertProblem(
        api.post(PROJECTIONS, "application/json", TINY_MLP),
        ProblemType.INVALID_PARAMETER,
        PROJECTIONS,
        "target");
    ProblemAssert.assertProblem(
        api.post(PROJECTIONS + "?target=1&mode=shrink", "application/json", TINY_MLP),
        ProblemType.INVALID_PARAMETER,
        PROJECTIONS,
        "mode");
    byte[] residual =
        """
        {"format": "lipcert/v1", "input": {"shape": [2]}, "layers": [
          {"type": "residual", "layers": [{"type": "dense", "weights": [[1, 2], [3, 4]]}]}]}"""
            .getBytes(StandardCharsets.UTF_8);
    ProblemAssert.assertProblem(
        api.post(PROJECTIONS + "?target=0.5", "application/json", residual),
        ProblemType.TARGET_UNREACHABLE,
        PROJECTIONS,
        "identity paths");
  }

  @Test
  void theImpliedBoundAgreesWithCertifyingTheClippedModel() {
    double c = 0.25;
    JsonNode implied = api.post(IMPLIED + "?clip=" + c, "application/json", TINY_MLP).json();
    assertThat(implied.path("clip").asDouble()).isEqualTo(c);
    assertThat(implied.path("layers")).hasSize(2);
    // tiny-mlp clipped at 0.25, and the same shapes with every weight at 0.25 (the worst case)
    byte[] clipped =
        """
        {"format": "lipcert/v1", "name": "tiny-mlp", "input": {"shape": [4]},
         "layers": [
           {"type": "dense", "name": "fc1", "weights": [[0.25, -0.25, 0, 0.25], [0.25, 0.25, 0.25, 0.25], [0, 0, 0.25, 0]], "bias": [0, 0, 0]},
           {"type": "relu"},
           {"type": "dense", "name": "fc2", "weights": [[0.25, -0.25, 0.25]]}]}"""
            .getBytes(StandardCharsets.UTF_8);
    byte[] worst =
        """
        {"format": "lipcert/v1", "input": {"shape": [4]},
         "layers": [
           {"type": "dense", "name": "fc1", "weights": [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]},
           {"type": "relu"},
           {"type": "dense", "name": "fc2", "weights": [[0.25, 0.25, 0.25]]}]}"""
            .getBytes(StandardCharsets.UTF_8);
    double bound = implied.path("bound").asDouble();
    assertThat(upper(clipped, "application/json"))
        .as("the clipped model certifies within the implied bound")
        .isLessThanOrEqualTo(bound);
    assertThat(
            api.post(CERTIFICATES, "application/json", worst)
                .json()
                .path("network")
                .path("naiveUpperBound")
                .asDouble())
        .as("all weights at c reach it: ‖c·1‖ = c·sqrt(mn), so the implied bound is tight")
        .isCloseTo(bound, Percentage.withPercentage(1e-4));
    assertThat(bound)
        .as("0.25²·sqrt(12)·sqrt(3) = 0.375")
        .isCloseTo(0.375, Percentage.withPercentage(1e-9));
  }

  @Test
  void impliedBoundPerLayerAndItsProblems() {
    JsonNode perLayer =
        api.post(IMPLIED + "?layerClip=fc1=0.5", "application/json", TINY_MLP).json();
    assertThat(perLayer.path("layers").get(0).path("clip").asDouble()).isEqualTo(0.5);
    assertThat(perLayer.path("layers").get(1).has("clip")).as("fc2 kept as uploaded").isFalse();
    ProblemAssert.assertProblem(
        api.post(IMPLIED, "application/json", TINY_MLP),
        ProblemType.INVALID_PARAMETER,
        IMPLIED,
        "clip");
    ProblemAssert.assertProblem(
        api.post(IMPLIED + "?layerClip=fc9=0.5", "application/json", TINY_MLP),
        ProblemType.INVALID_PARAMETER,
        IMPLIED,
        "fc9",
        "fc1");
    ProblemAssert.assertProblem(
        api.post(IMPLIED + "?clip=0.1&witnessSamples=3", "application/json", TINY_MLP),
        ProblemType.INVALID_PARAMETER,
        IMPLIED,
        "witnessSamples");
  }
}
