package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * {@code lipcert gate}: exit 0 for PASS, 1 for FAIL and FAIL_CERTAIN, with the verdict in the
 * report. Oracle for the thresholds: the network bracket {@code [lower, upper]} of a first {@code
 * certify} run of the same model and options — K above {@code upper} must pass, K below {@code
 * lower} must fail certainly, K strictly between them must fail without certainty.
 */
class GateCommandTest {

  @TempDir Path dir;

  @Test
  void largeThresholdPassesWithExitZero() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = CliRun.of("gate", model, "--max-lipschitz", "1000");

    assertThat(run.exitCode()).as("PASS").isEqualTo(Main.EXIT_OK);
    assertThat(run.stdout()).containsPattern("(?m)^gate\\s+PASS: certified 1000-Lipschitz");
    assertThat(run.stdout()).as("default format is text").contains("fc1", "fc2");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void thresholdBelowTheWitnessFailsCertainlyWithExitOne() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = CliRun.of("gate", model, "--max-lipschitz", "0.001");

    assertThat(run.exitCode()).as("FAIL_CERTAIN").isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(run.stdout())
        .containsPattern("(?m)^gate\\s+FAIL_CERTAIN: certainly not 0.001-Lipschitz");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void thresholdInsideTheBracketFailsWithoutCertaintyWithExitOne() {
    String model =
        TestModels.write(dir, "mlp.json", TestModels.randomReluMlp(42, 8, 32, 32, 32, 4));
    JsonNode network = CliRun.of("certify", model).json().get("network");
    double lower = network.get("lowerBound").asDouble();
    double upper = network.get("upperBound").asDouble();
    assertThat(upper / lower)
        .as("the random ReLU MLP's bracket must have a gap to put K in")
        .isGreaterThan(1.05);
    double k = Math.sqrt(lower * upper);

    CliRun text = CliRun.of("gate", model, "--max-lipschitz", Double.toString(k));
    CliRun json =
        CliRun.of("gate", model, "--max-lipschitz", Double.toString(k), "--format", "json");

    assertThat(text.exitCode()).as("FAIL, text").isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(text.stdout())
        .containsPattern("(?m)^gate\\s+FAIL: not certified")
        .contains("not refuted")
        .doesNotContain("certainly not");
    assertThat(json.exitCode()).as("FAIL, json").isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(json.json().get("gate").get("verdict").asString()).isEqualTo("FAIL");
    assertThat(json.json().get("gate").get("maxLipschitz").asDouble()).isEqualTo(k);
  }

  @Test
  void gateWithJsonFormatHasTheSameVerdictInTheReport() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun pass = CliRun.of("gate", model, "--max-lipschitz", "1000", "-f", "json");
    CliRun fail = CliRun.of("gate", model, "--max-lipschitz", "0.001", "-f", "json");

    assertThat(pass.json().get("gate").get("verdict").asString()).isEqualTo("PASS");
    assertThat(fail.json().get("gate").get("verdict").asString()).isEqualTo("FAIL_CERTAIN");
  }

  @Test
  void failingGateStillWritesTheReportToTheOutputFile() throws Exception {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    Path report = dir.resolve("gate.txt");

    CliRun run = CliRun.of("gate", model, "--max-lipschitz", "0.001", "-o", report.toString());

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(run.stdout()).isEmpty();
    assertThat(java.nio.file.Files.readString(report)).contains("FAIL_CERTAIN");
  }
}
