package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code lipcert certify}: the report on standard output (JSON by default, text on request), exit
 * code 0, options carried into the report. Oracles: the model file's own bytes (SHA-256), the
 * bracket invariant {@code lower ≤ upper}, and the report of a second run (determinism).
 */
class CertifyCommandTest {

  @TempDir Path dir;

  @Test
  void certifyPrintsTheJsonReportOfTheTinyMlpAndExitsZero() throws Exception {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = CliRun.of("certify", model);

    assertThat(run.exitCode()).as("exit code of a successful certify").isEqualTo(Main.EXIT_OK);
    assertThat(run.stderr()).as("nothing on stderr").isEmpty();
    JsonNode report = run.json();
    assertThat(report.get("model").get("name").asString()).isEqualTo("tiny-mlp");
    assertThat(report.get("model").get("format").asString()).isEqualTo("lipcert/v1");
    assertThat(report.get("model").get("parameters").asLong())
        .as("12 + 3 + 3 weights")
        .isEqualTo(18);
    assertThat(report.get("model").get("sha256").asString())
        .as("SHA-256 of the file's bytes")
        .isEqualTo(sha256(Files.readAllBytes(Path.of(model))));
    JsonNode layers = report.get("layers");
    assertThat(layers).hasSize(2);
    assertThat(layers.get(0).get("name").asString()).isEqualTo("fc1");
    assertThat(layers.get(1).get("name").asString()).isEqualTo("fc2");
    for (JsonNode layer : layers) {
      assertThat(layer.get("op").asString()).isEqualTo("dense");
      assertThat(layer.get("lower").asDouble())
          .as("bracket of %s: lower ≤ upper", layer.get("name").asString())
          .isPositive()
          .isLessThanOrEqualTo(layer.get("upper").asDouble());
    }
    assertThat(layers.get(0).get("inputShape").get(0).asInt()).isEqualTo(4);
    assertThat(layers.get(0).get("outputShape").get(0).asInt()).isEqualTo(3);
    JsonNode network = report.get("network");
    assertThat(network.get("lowerBound").asDouble())
        .as("network witness ≤ certified bound")
        .isPositive()
        .isLessThanOrEqualTo(network.get("upperBound").asDouble());
    assertThat(network.get("upperBound").asDouble())
        .as("compositional bound ≤ product of the layer bounds")
        .isLessThanOrEqualTo(
            layers.get(0).get("upper").asDouble() * layers.get(1).get("upper").asDouble() * 1.0001);
    assertThat(report.has("gate")).as("no gate without --max-lipschitz").isFalse();
    assertThat(report.get("timings").get("totalMillis").asLong()).isNotNegative();
  }

  @Test
  void textFormatShowsTheLayerTableAndTheNetworkBounds() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = CliRun.of("certify", model, "--format", "text");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_OK);
    assertThat(run.stdout())
        .as("text report")
        .contains("tiny-mlp")
        .contains("layer", "lower", "upper", "gap", "method", "converged")
        .containsPattern("(?m)^fc1\\s+dense\\s+\\[4]\\s+\\[3]")
        .containsPattern("(?m)^fc2\\s+dense\\s+\\[3]\\s+\\[1]")
        .contains("upper bound", "lower bound", "timings")
        .doesNotContain("gate");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void withMaxLipschitzTheReportHasTheGateButCertifyStillExitsZero() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = CliRun.of("certify", model, "--max-lipschitz", "0.001");

    assertThat(run.exitCode()).as("certify ignores the verdict").isEqualTo(Main.EXIT_OK);
    JsonNode gate = run.json().get("gate");
    assertThat(gate.get("maxLipschitz").asDouble()).isEqualTo(0.001);
    assertThat(gate.get("verdict").asString()).isEqualTo("FAIL_CERTAIN");
    assertThat(run.json().get("options").get("maxLipschitz").asDouble()).isEqualTo(0.001);
  }

  @Test
  void optionsAreCarriedIntoTheReport() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run =
        CliRun.of(
            "certify",
            model,
            "--seed",
            "7",
            "--tolerance",
            "1e-4",
            "--max-iterations",
            "300",
            "--upper-bound-method",
            "GRAM",
            "--witness-samples",
            "5",
            "--exact-svd-max-dimension",
            "0",
            "--materialize-max-dimension",
            "0",
            "--threads",
            "1");

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Main.EXIT_OK);
    JsonNode options = run.json().get("options");
    assertThat(options.get("norm").asString()).isEqualTo("2");
    assertThat(options.get("seed").asLong()).isEqualTo(7);
    assertThat(options.get("tolerance").asDouble()).isEqualTo(1e-4);
    assertThat(options.get("maxIterations").asInt()).isEqualTo(300);
    assertThat(options.get("upperBoundMethod").asString()).isEqualTo("gram");
    assertThat(options.get("witnessSamples").asInt()).isEqualTo(5);
    assertThat(options.get("exactSvdMaxDimension").asInt()).isEqualTo(0);
    assertThat(options.get("materializeMaxDimension").asInt()).isEqualTo(0);
    assertThat(run.json().get("network").get("witness").get("seed").asLong()).isEqualTo(7);
  }

  @Test
  void theDefaultsOfTheDimensionThresholdsAreReported() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    JsonNode options = CliRun.of("certify", model).json().get("options");

    assertThat(options.get("exactSvdMaxDimension").asInt()).isEqualTo(256);
    assertThat(options.get("materializeMaxDimension").asInt()).isEqualTo(1024);
  }

  @Test
  void materializeMaxDimensionReachesTheCertifier() {
    String model =
        TestModels.write(
            dir,
            "tiny-cnn.json",
            """
            {"format": "lipcert/v1", "name": "tiny-cnn", "input": {"shape": [1, 4, 4]},
             "layers": [{"type": "conv2d", "name": "conv", "padding": 1,
                         "weights": [[[[1, 2, 0], [0, -1, 1], [2, 0, 1]]]]}]}""");

    CliRun materialised = CliRun.of("certify", model);
    CliRun structured = CliRun.of("certify", model, "--materialize-max-dimension", "0");

    assertThat(materialised.exitCode()).as(materialised.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(structured.exitCode()).as(structured.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(materialised.json().get("layers").get(0).get("method").asString())
        .as("16 → 16 is within the default 1024: materialised")
        .startsWith("materialized+");
    assertThat(structured.json().get("layers").get(0).get("method").asString())
        .as("--materialize-max-dimension 0: structured bounds")
        .doesNotStartWith("materialized");
  }

  @Test
  void sameModelAndOptionsGiveTheSameNumbersWhateverTheThreadCount() {
    String model = TestModels.write(dir, "mlp.json", TestModels.randomReluMlp(3, 6, 12, 12, 2));

    JsonNode oneThread = withoutTimings(CliRun.of("certify", model, "--threads", "1").json());
    JsonNode fourThreads = withoutTimings(CliRun.of("certify", model, "--threads", "4").json());

    assertThat(fourThreads).as("report apart from timings (DESIGN §1.4)").isEqualTo(oneThread);
  }

  @Test
  void outputOptionWritesTheReportToTheFileAndNothingToStdout() throws Exception {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    Path report = dir.resolve("report.json");

    CliRun run = CliRun.of("certify", model, "--output", report.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_OK);
    assertThat(run.stdout()).isEmpty();
    JsonNode written = CliRun.parse(Files.readString(report, StandardCharsets.UTF_8));
    assertThat(written.get("layers").get(0).get("name").asString()).isEqualTo("fc1");
  }

  @Test
  void aUtf8BomAndUnicodeNamesSurviveTheRoundTrip() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] body =
        TestModels.TINY_MLP.replace("tiny-mlp", "réseau-λ").getBytes(StandardCharsets.UTF_8);
    byte[] content = new byte[bom.length + body.length];
    System.arraycopy(bom, 0, content, 0, bom.length);
    System.arraycopy(body, 0, content, bom.length, body.length);
    String model = TestModels.write(dir, "bom.json", content);

    CliRun run = CliRun.of("certify", model);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(run.json().get("model").get("name").asString()).isEqualTo("réseau-λ");
  }

  private static JsonNode withoutTimings(JsonNode report) {
    ObjectNode copy = (ObjectNode) report.deepCopy();
    copy.remove("timings");
    copy.get("layers").forEach(layer -> ((ObjectNode) layer).remove("millis"));
    copy.get("network").get("bounds").forEach(bound -> ((ObjectNode) bound).remove("millis"));
    return copy;
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
