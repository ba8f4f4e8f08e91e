package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lipcert.io.onnx.OnnxSamples;
import tools.jackson.databind.JsonNode;

/**
 * {@code certify --target}, {@code project} and {@code implied-bound}: outputs, exit codes 0 / 1 /
 * 2, and the projected file certified again by {@code certify}.
 */
class AdviceCommandsTest {

  @TempDir Path dir;

  private static double upper(String model) {
    CliRun run = CliRun.of("certify", model, "--witness-samples", "2");
    assertThat(run.exitCode()).as(run.stderr()).isZero();
    return run.json().path("network").path("upperBound").asDouble();
  }

  @Test
  void certifyWithATargetPrintsSuggestions() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    CliRun json = CliRun.of("certify", model, "--target", "1", "--policy", "uniform");
    assertThat(json.exitCode()).isZero();
    JsonNode suggestions = json.json().path("suggestions");
    assertThat(suggestions.path("policy").asString()).isEqualTo("uniform");
    assertThat(suggestions.path("boundAtBudgets").asDouble()).isLessThanOrEqualTo(1);
    CliRun text = CliRun.of("certify", model, "--target", "1", "--format", "text");
    assertThat(text.stdout())
        .containsPattern("(?m)^target\\s+1 \\(proportional budgets\\)")
        .contains("clip at", "normalize");
  }

  @Test
  void projectWritesAModelThatCertifiesUnderTheTarget() throws IOException {
    String model = TestModels.write(dir, "mlp.onnx", OnnxSamples.mlp());
    double target = upper(model) / 5;
    for (String mode : new String[] {"normalize", "clip"}) {
      Path out = dir.resolve("projected-" + mode + ".onnx");
      CliRun run =
          CliRun.of(
              "project",
              model,
              "--target",
              Double.toString(target),
              "--mode",
              mode,
              "-o",
              out.toString(),
              "--format",
              "json");
      assertThat(run.exitCode()).as("%s: %s", mode, run.stderr()).isZero();
      JsonNode summary = run.json();
      assertThat(summary.path("upperBound").asDouble()).isLessThanOrEqualTo(target);
      assertThat(summary.path("changes")).isNotEmpty();
      assertThat(Files.size(out)).isPositive();
      assertThat(upper(out.toString()))
          .as("%s: the written file certified again", mode)
          .isLessThanOrEqualTo(target)
          .isEqualTo(summary.path("upperBound").asDouble());
    }
  }

  @Test
  void projectExitsOneWhenTheTargetCannotBeReached() {
    String model =
        TestModels.write(
            dir,
            "res.json",
            """
            {"format": "lipcert/v1", "input": {"shape": [2]}, "layers": [
              {"type": "residual", "layers": [{"type": "dense", "weights": [[1, 2], [3, 4]]}]}]}""");
    Path out = dir.resolve("out.json");
    CliRun run = CliRun.of("project", model, "--target", "0.5", "-o", out.toString());
    assertThat(run.exitCode()).isEqualTo(Main.EXIT_NOT_CERTIFIED);
    assertThat(run.stderr()).startsWith("lipcert: target not reached:").contains("identity paths");
    assertThat(run.stdout()).isEmpty();
    assertThat(Files.exists(out)).as("nothing written").isFalse();
  }

  @Test
  void projectUsageErrorsExitTwo() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    assertThat(CliRun.of("project", model, "-o", dir.resolve("o").toString()).exitCode())
        .as("--target is required")
        .isEqualTo(Main.EXIT_ERROR);
    assertThat(
            CliRun.of("project", model, "--target", "1", "--mode", "shrink", "-o", "x").exitCode())
        .isEqualTo(Main.EXIT_ERROR);
    assertThat(
            CliRun.of("project", dir.resolve("missing.json").toString(), "--target", "1", "-o", "x")
                .exitCode())
        .isEqualTo(Main.EXIT_ERROR);
  }

  @Test
  void impliedBoundForWganClipping() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    CliRun json = CliRun.of("implied-bound", model, "--clip", "0.01", "--format", "json");
    assertThat(json.exitCode()).isZero();
    assertThat(json.json().path("bound").asDouble())
        .as("0.01²·sqrt(3·4)·sqrt(1·3)")
        .isCloseTo(0.0006, Percentage.withPercentage(1e-9));
    CliRun text = CliRun.of("implied-bound", model, "--layer-clip", "fc2=0.5");
    assertThat(text.stdout()).contains("- (as uploaded)").contains("0.5");
    CliRun unknown = CliRun.of("implied-bound", model, "--layer-clip", "fc9=0.5");
    assertThat(unknown.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(unknown.stderr()).contains("fc9").contains("fc1, fc2");
    assertThat(CliRun.of("implied-bound", model).exitCode())
        .as("a clip value is required")
        .isEqualTo(Main.EXIT_ERROR);
  }
}
