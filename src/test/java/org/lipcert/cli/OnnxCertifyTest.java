package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lipcert.io.onnx.OnnxSamples;
import tools.jackson.databind.JsonNode;

/**
 * {@code lipcert certify|gate model.onnx}: ONNX files certify with their node names, {@code
 * --input-shape} reaches the reader, and every corrupt or refused file exits 2 with one line on
 * standard error and nothing on standard output.
 *
 * <p>The files are written by {@link OnnxSamples}. Oracle: the outcome the {@code io.onnx} tests
 * establish for each model, the file's own bytes (SHA-256) and the bracket invariant {@code 0 <
 * lower ≤ upper}.
 */
class OnnxCertifyTest {

  @TempDir Path dir;

  @Test
  void certifyPrintsTheReportOfAnOnnxModel() throws Exception {
    String model = TestModels.write(dir, "mlp.onnx", OnnxSamples.mlp());

    CliRun run = CliRun.of("certify", model);

    assertThat(run.exitCode()).as("exit code; stderr: %s", run.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(run.stderr()).as("nothing on stderr").isEmpty();
    JsonNode report = run.json();
    assertThat(report.get("model").get("format").asString()).isEqualTo("onnx");
    assertThat(report.get("model").get("name").asString()).isEqualTo("onnx-mlp");
    assertThat(report.get("model").get("sha256").asString())
        .as("SHA-256 of the file's bytes")
        .isEqualTo(sha256(Files.readAllBytes(Path.of(model))));
    JsonNode layers = report.get("layers");
    assertThat(layers).hasSize(2);
    assertThat(layers.get(0).get("name").asString())
        .as("the ONNX node's name")
        .isEqualTo(OnnxSamples.MLP_FIRST_LAYER);
    assertThat(layers.get(1).get("name").asString())
        .as("an unnamed node is called after its first output")
        .isEqualTo(OnnxSamples.MLP_SECOND_LAYER);
    for (JsonNode layer : layers) {
      assertThat(layer.get("lower").asDouble())
          .as("bracket of %s: 0 < lower ≤ upper", layer.get("name").asString())
          .isPositive()
          .isLessThanOrEqualTo(layer.get("upper").asDouble());
    }
  }

  @Test
  void theFormatComesFromTheContentNotTheFileName() {
    String model = TestModels.write(dir, "model.bin", OnnxSamples.mlp());

    CliRun run = CliRun.of("certify", model, "--format", "text");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(run.stdout()).contains("onnx-mlp", OnnxSamples.MLP_FIRST_LAYER);
  }

  @Test
  void gateWorksOnAnOnnxModel() {
    String model = TestModels.write(dir, "mlp.onnx", OnnxSamples.mlp());

    CliRun pass = CliRun.of("gate", model, "--max-lipschitz", "1000");
    CliRun fail = CliRun.of("gate", model, "--max-lipschitz", "0.001");

    assertThat(pass.exitCode()).as(pass.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(fail.exitCode()).as(fail.stderr()).isEqualTo(Main.EXIT_NOT_CERTIFIED);
  }

  @Test
  void inputShapeFixesTheSymbolicDimensions() {
    String model = TestModels.write(dir, "cnn.onnx", OnnxSamples.convolutionOfAnyImageSize());

    CliRun small = CliRun.of("certify", model, "--input-shape", "1,4,4");
    CliRun batched = CliRun.of("gate", model, "--max-lipschitz", "1e6", "--input-shape=1,1,5,6");

    assertThat(small.exitCode()).as(small.stderr()).isEqualTo(Main.EXIT_OK);
    JsonNode conv = small.json().get("layers").get(0);
    assertThat(conv.get("name").asString()).isEqualTo(OnnxSamples.CONVOLUTION);
    assertThat(conv.get("inputShape").toString()).as("C × H × W").isEqualTo("[1,4,4]");
    assertThat(batched.exitCode()).as(batched.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(batched.stdout())
        .as("a leading batch size of 1 is accepted")
        .containsPattern("(?m)^/conv/Conv\\s+Conv\\s+\\[1,5,6]");
  }

  @Test
  void symbolicDimensionsWithoutInputShapeExitTwoSayingWhatToDo() {
    String model = TestModels.write(dir, "cnn.onnx", OnnxSamples.convolutionOfAnyImageSize());

    CliRun run = CliRun.of("certify", model);

    assertError(run, model, "'H'", "give the input shape as a parameter");
  }

  @Test
  void anInputShapeThatDoesNotFitTheModelExitsTwo() {
    String model = TestModels.write(dir, "cnn.onnx", OnnxSamples.convolutionOfAnyImageSize());

    CliRun run = CliRun.of("certify", model, "--input-shape", "2,4,4");

    assertError(run, model, "the input shape [2, 4, 4] contradicts");
  }

  @ParameterizedTest(name = "--input-shape ''{0}''")
  @ValueSource(strings = {"", "3x32x32", "3,,32", "3,0,32", "3,-1,32", "99999999999"})
  void anInputShapeThatIsNotAListOfPositiveIntegersIsAUsageError(String shape) {
    String model = TestModels.write(dir, "mlp.onnx", OnnxSamples.mlp());

    CliRun run = CliRun.of("certify", model, "--input-shape=" + shape);

    assertThat(run.exitCode()).as("exit code").isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stdout()).as("stdout").isEmpty();
    assertThat(run.stderr())
        .as("the option named, the syntax shown, then the short usage")
        .startsWith("lipcert: --input-shape must be comma-separated positive integers")
        .contains("3,32,32", "'" + shape + "'", "Usage: lipcert certify");
  }

  @Test
  void inputShapeIsRefusedForALipCertJsonModel() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = CliRun.of("certify", model, "--input-shape", "4");

    assertError(run, model, "--input-shape applies to ONNX models only");
  }

  static Stream<Arguments> badOnnxFiles() {
    return Stream.of(
        Arguments.of("truncated", OnnxSamples.truncated(), "not a valid ONNX model"),
        Arguments.of("random bytes", OnnxSamples.randomBytes(1), "not a valid ONNX model"),
        Arguments.of(
            "dims inflated to 2^31", OnnxSamples.inflatedDimensions(), "tensor 'fc1.weight'"),
        Arguments.of(
            "1,000-deep nested graph attribute",
            OnnxSamples.nestedGraphAttributes(1000),
            "nesting"),
        Arguments.of("empty graph", OnnxSamples.emptyGraph(), "no nodes"),
        Arguments.of(
            "external data",
            OnnxSamples.externalData(),
            "tensor 'fc2.weight' is stored as external data"),
        Arguments.of(
            "Sign node",
            OnnxSamples.sign(),
            "not certifiable: node 'binarise' (Sign): no finite Lipschitz constant"),
        Arguments.of(
            "product of two input-dependent tensors",
            OnnxSamples.productOfInputs(),
            "not certifiable: node 'scores' (MatMul): no finite Lipschitz constant: product of"
                + " two input-dependent tensors"),
        Arguments.of(
            "LayerNormalization",
            OnnxSamples.layerNormalization(),
            ": not certifiable: node 'ln' (LayerNormalization): LayerNormalization divides"),
        Arguments.of(
            "unknown operators",
            OnnxSamples.unknownOperators(),
            "not certifiable: node 'n1, w1' (FancyNorm, Warp)"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badOnnxFiles")
  void aCorruptOrRefusedOnnxFileExitsTwoWithOneLine(
      String description, byte[] content, String expectedMessage) {
    String model = TestModels.write(dir, "model.onnx", content);

    for (String command : List.of("certify", "gate")) {
      CliRun run = CliRun.of(command, model, "--max-lipschitz", "10");

      assertThat(run.exitCode()).as("%s, %s: exit code", command, description).isEqualTo(2);
      assertThat(run.stdout()).as("%s, %s: stdout", command, description).isEmpty();
      assertThat(run.stderr())
          .as("%s, %s: stderr", command, description)
          .startsWith("lipcert: " + model + ": ")
          .contains(expectedMessage)
          .doesNotContain("internal error", "\tat ", "not certifiable: not certifiable")
          .hasLineCount(1);
    }
  }

  @Test
  void unknownOperatorsAreAllListedOnTheOneLine() {
    String model = TestModels.write(dir, "model.onnx", OnnxSamples.unknownOperators());

    CliRun run = CliRun.of("certify", model);

    assertError(run, model, "FancyNorm (nodes 'n1', 'n2')", "Warp (node 'w1')");
  }

  @Test
  void helpSaysTheModelMayBeOnnxAndListsInputShape() {
    for (String command : List.of("certify", "gate")) {
      String help = CliRun.of(command, "--help").stdout().replaceAll("\\s+", " ");

      assertThat(help)
          .as("%s --help, whitespace collapsed", command)
          .contains("MODEL The model file: LipCert JSON (lipcert/v1) or ONNX;")
          .contains("--input-shape=DIMS ONNX models only")
          .doesNotContain("LipCert JSON (lipcert/v1);");
    }
    assertThat(CliRun.of("--help").stdout()).contains("ONNX", "certify model.onnx --input-shape");
  }

  private static void assertError(CliRun run, String model, String... culprits) {
    assertThat(run.exitCode()).as("exit code").isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stdout()).as("stdout").isEmpty();
    assertThat(run.stderr())
        .as("stderr")
        .startsWith("lipcert: " + model + ": ")
        .contains(culprits)
        .hasLineCount(1);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
