package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.lipcert.io.report.JUnitSchema;
import org.lipcert.io.report.OutputFormat;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import tools.jackson.databind.JsonNode;

/**
 * The CI formats on the command line: for {@code junit}, {@code sarif} and {@code markdown}, each
 * verdict of {@code gate} with its exit code (PASS 0, FAIL 1, FAIL_CERTAIN 1), {@code --output}
 * writing the same document to a file (also when the gate fails), {@code certify} exiting 0
 * whatever the verdict, and exit 2 with nothing written on bad input.
 *
 * <p>Oracles. For the thresholds, the network bracket {@code [lower, upper]} of a first {@code
 * certify} run of the same model and options: K above {@code upper} passes, K below {@code lower}
 * fails certainly, K strictly inside fails. For the layers of the tiny MLP, its layer bounds
 * (‖fc1‖₂ ≈ 3.24, ‖fc2‖₂ = 1.5, DESIGN's worked example): at K = 2.5, below the witnessed network
 * lower bound 2.74, fc1 alone exceeds K and fails, fc2 does not. JUnit XML is validated against the
 * Surefire schema ({@link JUnitSchema}).
 */
class CiFormatsTest {

  /** Above every upper bound of the tiny MLP: PASS. */
  private static final String PASS_K = "1000";

  /** Below the tiny MLP's witnessed lower bound 2.7386… and fc1's 3.238…, above fc2's 1.5. */
  private static final String FAIL_CERTAIN_K = "2.5";

  @TempDir static Path dir;

  private static String tinyMlp;
  private static String randomMlp;
  private static String failK;
  private static List<String> failFailed;

  @BeforeAll
  static void models() {
    tinyMlp = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    randomMlp = TestModels.write(dir, "mlp.json", TestModels.randomReluMlp(42, 8, 32, 32, 32, 4));
    JsonNode network = CliRun.of("certify", randomMlp).json().get("network");
    double lower = network.get("lowerBound").asDouble();
    double upper = network.get("upperBound").asDouble();
    assertThat(upper / lower)
        .as("the random ReLU MLP's bracket must have a gap to put K in")
        .isGreaterThan(1.05);
    double k = Math.sqrt(lower * upper);
    failK = Double.toString(k);
    failFailed = new ArrayList<>(List.of("network"));
    for (JsonNode layer : CliRun.of("certify", randomMlp).json().get("layers")) {
      if (layer.get("upper").asDouble() > k) {
        failFailed.add(layer.get("name").asString());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void gatePassExitsZeroWithNothingFailed(OutputFormat format) {
    CliRun run = CliRun.of("gate", tinyMlp, "--max-lipschitz", PASS_K, "--format", format.id());

    assertThat(run.exitCode()).as("PASS").isEqualTo(Main.EXIT_OK);
    assertThat(run.stderr()).isEmpty();
    assertDocument(format, bytes(run), "PASS", List.of());
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void gateFailExitsOneAndFailsTheNetwork(OutputFormat format) {
    CliRun run = CliRun.of("gate", randomMlp, "--max-lipschitz", failK, "--format", format.id());

    assertThat(run.exitCode()).as("FAIL").isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(run.stderr()).isEmpty();
    assertDocument(format, bytes(run), "FAIL", failFailed);
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void gateFailCertainExitsOneAndFailsTheNetworkAndTheLayerOverBudget(OutputFormat format) {
    CliRun run =
        CliRun.of("gate", tinyMlp, "--max-lipschitz", FAIL_CERTAIN_K, "--format", format.id());

    assertThat(run.exitCode()).as("FAIL_CERTAIN").isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(run.stderr()).isEmpty();
    assertDocument(format, bytes(run), "FAIL_CERTAIN", List.of("network", "fc1"));
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void outputFileGetsTheReportAlsoWhenTheGateFails(OutputFormat format) throws IOException {
    Path file = dir.resolve("failing." + format.id());

    CliRun run =
        CliRun.of(
            "gate",
            tinyMlp,
            "--max-lipschitz",
            FAIL_CERTAIN_K,
            "--format",
            format.id(),
            "--output",
            file.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(run.stdout()).as("the report went to the file").isEmpty();
    assertDocument(format, Files.readAllBytes(file), "FAIL_CERTAIN", List.of("network", "fc1"));
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void outputFileGetsThePassingReport(OutputFormat format) throws IOException {
    Path file = dir.resolve("passing." + format.id());

    CliRun run =
        CliRun.of(
            "gate", tinyMlp, "--max-lipschitz", PASS_K, "-f", format.id(), "-o", file.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_OK);
    assertThat(run.stdout()).isEmpty();
    assertDocument(format, Files.readAllBytes(file), "PASS", List.of());
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void certifyExitsZeroWhateverTheVerdictInTheReport(OutputFormat format) {
    CliRun failing =
        CliRun.of("certify", tinyMlp, "--max-lipschitz", FAIL_CERTAIN_K, "-f", format.id());
    CliRun ungated = CliRun.of("certify", tinyMlp, "-f", format.id());

    assertThat(failing.exitCode()).as("certify ignores the verdict").isEqualTo(Main.EXIT_OK);
    assertDocument(format, bytes(failing), "FAIL_CERTAIN", List.of("network", "fc1"));
    assertThat(ungated.exitCode()).isEqualTo(Main.EXIT_OK);
    assertDocument(format, bytes(ungated), null, List.of());
  }

  @ParameterizedTest
  @EnumSource(names = {"JUNIT", "SARIF", "MARKDOWN"})
  void badInputExitsTwoAndWritesNoReport(OutputFormat format) {
    Path file = dir.resolve("never." + format.id());
    String missing = dir.resolve("missing.onnx").toString();
    String invalid = TestModels.write(dir, "nan.json", TestModels.NAN_WEIGHT);

    CliRun noFile =
        CliRun.of(
            "gate", missing, "--max-lipschitz", "1", "-f", format.id(), "-o", file.toString());
    CliRun badModel = CliRun.of("gate", invalid, "--max-lipschitz", "1", "-f", format.id());

    assertThat(noFile.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(noFile.stderr()).contains("no such file");
    assertThat(file).as("no report for a model that was not certified").doesNotExist();
    assertThat(badModel.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(badModel.stdout()).as("nothing on stdout on error").isEmpty();
  }

  private static byte[] bytes(CliRun run) {
    return run.stdout().getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Asserts that a document of the format carries the verdict and fails exactly the given test
   * cases or results.
   *
   * @param verdict {@code PASS}, {@code FAIL}, {@code FAIL_CERTAIN}, or {@code null} without gate
   * @param failed {@code network} and the names of the failing layers, network first
   */
  private static void assertDocument(
      OutputFormat format, byte[] document, String verdict, List<String> failed) {
    switch (format) {
      case JUNIT -> assertJUnit(document, verdict, failed);
      case SARIF -> assertSarif(document, verdict, failed);
      case MARKDOWN -> assertMarkdown(document, verdict, failed);
      default -> throw new IllegalArgumentException(format.id());
    }
  }

  private static void assertJUnit(byte[] xml, String verdict, List<String> failed) {
    Document document = JUnitSchema.assertValid(xml);
    NodeList cases = document.getElementsByTagName("testcase");
    List<String> failing = new ArrayList<>();
    for (int i = 0; i < cases.getLength(); i++) {
      Element testCase = (Element) cases.item(i);
      assertThat(testCase.getAttribute("name"))
          .as("a test case per layer, then the network")
          .startsWith(i == cases.getLength() - 1 ? "network" : "layer ");
      NodeList failure = testCase.getElementsByTagName("failure");
      if (failure.getLength() > 0) {
        String name = testCase.getAttribute("name");
        failing.add(name.equals("network") ? name : name.split(" ")[1]);
        if (name.equals("network")) {
          assertThat(((Element) failure.item(0)).getAttribute("message"))
              .startsWith(verdict + ": ");
        }
      }
    }
    assertThat(failing).as("failed test cases").containsExactlyInAnyOrderElementsOf(failed);
    NodeList properties = document.getElementsByTagName("property");
    String reported = null;
    for (int i = 0; i < properties.getLength(); i++) {
      Element property = (Element) properties.item(i);
      if (property.getAttribute("name").equals("gate.verdict")) {
        reported = property.getAttribute("value");
      }
    }
    assertThat(reported).as("gate.verdict property").isEqualTo(verdict);
  }

  private static void assertSarif(byte[] json, String verdict, List<String> failed) {
    JsonNode log = CliRun.parse(new String(json, StandardCharsets.UTF_8));
    assertThat(log.get("version").asString()).isEqualTo("2.1.0");
    JsonNode run = log.get("runs").get(0);
    assertThat(run.get("tool").get("driver").get("name").asString()).isEqualTo("LipCert");
    List<String> failing = new ArrayList<>();
    for (JsonNode result : run.get("results")) {
      JsonNode logical = result.get("locations").get(0).get("logicalLocations").get(0);
      failing.add(
          logical.get("kind").asString().equals("module")
              ? "network"
              : logical.get("name").asString());
      assertThat(
              result
                  .get("locations")
                  .get(0)
                  .get("physicalLocation")
                  .get("artifactLocation")
                  .get("uri")
                  .asString())
          .as("the model file, absolute here: a file URI")
          .startsWith("file:")
          .endsWith(".json");
    }
    assertThat(failing).as("results").isEqualTo(failed);
    if (!failed.isEmpty()) {
      assertThat(run.get("results").get(0).get("ruleId").asString())
          .isEqualTo(
              verdict.equals("FAIL")
                  ? "lipcert/network-not-certified"
                  : "lipcert/network-certainly-not-lipschitz");
    }
    JsonNode gate = run.get("properties").get("gate");
    assertThat(gate == null ? null : gate.get("verdict").asString()).isEqualTo(verdict);
  }

  private static void assertMarkdown(byte[] markdown, String verdict, List<String> failed) {
    String md = new String(markdown, StandardCharsets.UTF_8);
    assertThat(md).startsWith("### LipCert: " + (verdict == null ? "CERTIFICATE" : verdict) + "\n");
    if (failed.isEmpty()) {
      assertThat(md).doesNotContain("#### Failures");
    } else {
      assertThat(md).contains("#### Failures");
    }
    List<String> layers = failed.stream().filter(name -> !name.equals("network")).toList();
    for (String layer : layers) {
      assertThat(md).contains("layer `" + layer + "` blew the budget");
    }
    assertThat(md.split("blew the budget", -1))
        .as("one failure line per layer over budget")
        .hasSize(layers.size() + 1);
    assertThat(md).contains("#### Layers", "#### Bounds computed", "**all layers**");
  }
}
