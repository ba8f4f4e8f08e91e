package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.ProblemAssert.assertProblem;

import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lipcert.io.onnx.OnnxSamples;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * ONNX over real HTTP, end to end: raw and multipart uploads certify with ONNX node names; corrupt
 * files are 400 problems, never 500; refused nodes are 422 problems naming the node and its op
 * type; {@code inputShape} reaches the reader.
 *
 * <p>The models are written by {@link OnnxSamples}. Oracle: the outcome the {@code io.onnx} tests
 * establish for each model (certified, malformed, invalid, not certifiable) and the report's own
 * invariants ({@code 0 < lower ≤ upper}, the SHA-256 of the bytes sent).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OnnxUploadTest {

  private static final String OCTET_STREAM = "application/octet-stream";

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void certifiesARawOctetStreamOnnxBody() {
    byte[] model = OnnxSamples.mlp();

    JsonNode report = assertMlpReport(api.post(CERTIFICATES, OCTET_STREAM, model), model);

    assertThat(report.path("options").has("inputShape"))
        .as("no inputShape given, none recorded")
        .isFalse();
  }

  @Test
  void certifiesAnOnnxFileSentAsTheMultipartPartModel() {
    byte[] model = OnnxSamples.mlp();

    JsonNode report =
        assertMlpReport(api.postMultipart(CERTIFICATES, "model", "mlp.onnx", model), model);

    JsonNode raw = api.post(CERTIFICATES, OCTET_STREAM, model).json();
    assertThat(WithoutTimings.of(report.path("network")))
        .as("the same bytes give the same bounds whatever the transport (determinism)")
        .isEqualTo(WithoutTimings.of(raw.path("network")));
  }

  @Test
  void theFormatComesFromTheContentNotTheMediaType() {
    byte[] model = OnnxSamples.mlp();

    assertMlpReport(api.post(CERTIFICATES, "application/json", model), model);
  }

  @Test
  void inputShapeFixesTheSymbolicDimensions() {
    byte[] model = OnnxSamples.convolutionOfAnyImageSize();

    ApiClient.Response small = api.post(CERTIFICATES + "?inputShape=1,4,4", OCTET_STREAM, model);
    ApiClient.Response batched =
        api.post(CERTIFICATES + "?inputShape=1,%201,5,6", OCTET_STREAM, model);

    assertThat(small.status()).as("status; body: %s", small.text()).isEqualTo(200);
    JsonNode conv = small.json().path("layers").get(0);
    assertThat(conv.path("name").asString()).as("layer name").isEqualTo(OnnxSamples.CONVOLUTION);
    assertThat(conv.path("inputShape").toString())
        .as("C × H × W of the input")
        .isEqualTo("[1,4,4]");
    assertThat(conv.path("outputShape").toString()).as("padded 3×3 conv").isEqualTo("[2,4,4]");
    assertThat(batched.status()).as("status; body: %s", batched.text()).isEqualTo(200);
    assertThat(batched.json().path("layers").get(0).path("inputShape").toString())
        .as("a leading batch size of 1 is accepted, blanks too")
        .isEqualTo("[1,5,6]");
  }

  @Test
  void symbolicDimensionsWithoutInputShapeAreAnInvalidModelThatSaysWhatToDo() {
    ApiClient.Response response =
        api.post(CERTIFICATES, OCTET_STREAM, OnnxSamples.convolutionOfAnyImageSize());

    assertProblem(
        response,
        ProblemType.INVALID_MODEL,
        CERTIFICATES,
        "'image'",
        "'H'",
        "give the input shape as a parameter");
  }

  @ParameterizedTest(name = "inputShape={0}")
  @ValueSource(strings = {"2,4,4", "4,4", "1,1,4,4,4"})
  void anInputShapeThatDoesNotFitTheModelIsAnInvalidModel(String shape) {
    ApiClient.Response response =
        api.post(
            CERTIFICATES + "?inputShape=" + shape,
            OCTET_STREAM,
            OnnxSamples.convolutionOfAnyImageSize());

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, "input shape");
  }

  @Test
  void aBatchSizeOtherThanOneIsAnInvalidModel() {
    ApiClient.Response response =
        api.post(
            CERTIFICATES + "?inputShape=2,1,4,4",
            OCTET_STREAM,
            OnnxSamples.convolutionOfAnyImageSize());

    assertProblem(response, ProblemType.INVALID_MODEL, CERTIFICATES, "batch size of 2");
  }

  @ParameterizedTest(name = "inputShape=''{0}''")
  @ValueSource(strings = {"", "3x32x32", "3,,32", "3,0,32", "3,-1,32", "3,32,", "99999999999"})
  void anInputShapeThatIsNotAListOfPositiveIntegersIsAnInvalidParameter(String shape) {
    ApiClient.Response response =
        api.post(CERTIFICATES + "?inputShape=" + shape, OCTET_STREAM, OnnxSamples.mlp());

    JsonNode problem =
        assertProblem(
            response, ProblemType.INVALID_PARAMETER, CERTIFICATES, "inputShape", "3,32,32");
    assertThat(problem.path("parameter").asString())
        .as("parameter property")
        .isEqualTo("inputShape");
  }

  @Test
  void inputShapeIsRefusedForALipCertJsonModel() {
    ApiClient.Response response =
        api.post(
            CERTIFICATES + "?inputShape=4",
            "application/json",
            ApiClient.resource("openapi/examples/tiny-mlp.json"));

    JsonNode problem =
        assertProblem(response, ProblemType.INVALID_PARAMETER, CERTIFICATES, "ONNX models only");
    assertThat(problem.path("parameter").asString())
        .as("parameter property")
        .isEqualTo("inputShape");
  }

  static Stream<Arguments> corruptModels() {
    Map<String, Supplier<byte[]>> models =
        Map.of(
            "truncated",
            OnnxSamples::truncated,
            "random bytes (seed 1)",
            () -> OnnxSamples.randomBytes(1),
            "random bytes (seed 2)",
            () -> OnnxSamples.randomBytes(2),
            "random bytes (seed 3)",
            () -> OnnxSamples.randomBytes(3),
            "dims inflated to 2^31",
            OnnxSamples::inflatedDimensions,
            "1,000-deep nested graph attribute",
            () -> OnnxSamples.nestedGraphAttributes(1000),
            "empty graph",
            OnnxSamples::emptyGraph,
            "external data",
            OnnxSamples::externalData);
    return models.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(entry -> Arguments.of(entry.getKey(), entry.getValue().get()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("corruptModels")
  void aCorruptOnnxFileIsAClientErrorNeverAServerError(String description, byte[] model) {
    for (ApiClient.Response response :
        new ApiClient.Response[] {
          api.post(CERTIFICATES, OCTET_STREAM, model),
          api.postMultipart(CERTIFICATES, "model", "corrupt.onnx", model)
        }) {
      assertThat(response.status())
          .as("%s: a 400 or 422 problem, never a 5xx; body: %s", description, response.text())
          .isIn(400, 422);
      assertThat(response.contentType())
          .as("%s: problem+json", description)
          .startsWith("application/problem+json");
      assertThat(response.json().path("type").asString())
          .as("%s: a model problem, not a generic one", description)
          .isIn(
              ProblemType.BASE_URI + ProblemType.MALFORMED_MODEL.slug(),
              ProblemType.BASE_URI + ProblemType.INVALID_MODEL.slug(),
              ProblemType.BASE_URI + ProblemType.NOT_CERTIFIABLE.slug());
    }
  }

  @Test
  void eachCorruptionIsReportedAsWhatItIs() {
    assertProblem(
        post(OnnxSamples.truncated()),
        ProblemType.MALFORMED_MODEL,
        CERTIFICATES,
        "not a valid ONNX model");
    assertProblem(
        post(OnnxSamples.inflatedDimensions()),
        ProblemType.INVALID_MODEL,
        CERTIFICATES,
        "tensor 'fc1.weight'",
        "2147483648");
    assertProblem(
        post(OnnxSamples.nestedGraphAttributes(1000)),
        ProblemType.MALFORMED_MODEL,
        CERTIFICATES,
        "nesting");
    assertProblem(
        post(OnnxSamples.emptyGraph()), ProblemType.INVALID_MODEL, CERTIFICATES, "no nodes");
    assertProblem(
        post(OnnxSamples.externalData()),
        ProblemType.INVALID_MODEL,
        CERTIFICATES,
        "tensor 'fc2.weight' is stored as external data",
        "single-file");
  }

  @Test
  void aSignNodeIsNotCertifiableNamingTheNodeAndItsOpType() {
    JsonNode problem =
        assertProblem(
            post(OnnxSamples.sign()),
            ProblemType.NOT_CERTIFIABLE,
            CERTIFICATES,
            "node 'binarise' (Sign)");

    assertThat(problem.path("node").asString()).as("node property").isEqualTo("binarise");
    assertThat(problem.path("opType").asString()).as("opType property").isEqualTo("Sign");
    assertThat(problem.path("reason").asString())
        .as("reason property")
        .startsWith("no finite Lipschitz constant");
  }

  @Test
  void aProductOfTwoInputDependentTensorsIsNotCertifiable() {
    JsonNode problem =
        assertProblem(
            post(OnnxSamples.productOfInputs()),
            ProblemType.NOT_CERTIFIABLE,
            CERTIFICATES,
            "node 'scores' (MatMul)");

    assertThat(problem.path("node").asString()).as("node property").isEqualTo("scores");
    assertThat(problem.path("opType").asString()).as("opType property").isEqualTo("MatMul");
    assertThat(problem.path("reason").asString())
        .as("reason property")
        .isEqualTo("no finite Lipschitz constant: product of two input-dependent tensors");
  }

  @Test
  void layerNormalizationIsNotCertifiableWithItsUselessConstant() {
    JsonNode problem =
        assertProblem(
            post(OnnxSamples.layerNormalization()),
            ProblemType.NOT_CERTIFIABLE,
            CERTIFICATES,
            "node 'ln' (LayerNormalization)");

    assertThat(problem.path("node").asString()).as("node property").isEqualTo("ln");
    assertThat(problem.path("opType").asString())
        .as("opType property")
        .isEqualTo("LayerNormalization");
    assertThat(problem.path("reason").asString())
        .as("reason property: a finite but useless constant is 'not certifiable'")
        .startsWith("not certifiable")
        .contains("max|γ|/√ε = 200");
  }

  @Test
  void unknownOperatorsAreNotCertifiableAndAllListed() {
    JsonNode problem =
        assertProblem(
            post(OnnxSamples.unknownOperators()),
            ProblemType.NOT_CERTIFIABLE,
            CERTIFICATES,
            "FancyNorm (nodes 'n1', 'n2')",
            "Warp (node 'w1')");

    assertThat(problem.path("node").asString())
        .as("node property: the first node of each unknown op")
        .isEqualTo("n1, w1");
    assertThat(problem.path("opType").asString())
        .as("opType property: every unknown op")
        .isEqualTo("FancyNorm, Warp");
    assertThat(problem.path("reason").asString())
        .as("reason property")
        .contains("does not know", "Supported on the input path:");
  }

  private ApiClient.Response post(byte[] model) {
    return api.post(CERTIFICATES, OCTET_STREAM, model);
  }

  /** Checks the report of {@link OnnxSamples#mlp()}, and returns it. */
  private static JsonNode assertMlpReport(ApiClient.Response response, byte[] model) {
    assertThat(response.status()).as("status; body: %s", response.text()).isEqualTo(200);
    assertThat(response.contentType()).as("the report is JSON").startsWith("application/json");
    JsonNode report = response.json();

    JsonNode described = report.path("model");
    assertThat(described.path("format").asString()).as("model format").isEqualTo("onnx");
    assertThat(described.path("name").asString()).as("the graph's name").isEqualTo("onnx-mlp");
    assertThat(described.path("sha256").asString())
        .as("SHA-256 of the bytes sent")
        .isEqualTo(ApiClient.sha256(model));
    assertThat(described.path("parameters").asLong())
        .as("12 + 4 + 8 weights and biases")
        .isEqualTo(24);

    JsonNode layers = report.path("layers");
    assertThat(layers.size()).as("one entry per Gemm").isEqualTo(2);
    assertThat(layers.get(0).path("name").asString())
        .as("the ONNX node's name")
        .isEqualTo(OnnxSamples.MLP_FIRST_LAYER);
    assertThat(layers.get(1).path("name").asString())
        .as("an unnamed node is called after its first output")
        .isEqualTo(OnnxSamples.MLP_SECOND_LAYER);
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
