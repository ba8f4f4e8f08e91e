package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Main}'s mapping of outcomes to exit codes, and what each error leaves on the two streams:
 * on {@link Main#EXIT_ERROR} standard output is empty and standard error has one line {@code
 * lipcert: …} naming the problem (plus the short usage for a usage error).
 */
class MainTest {

  @TempDir Path dir;

  static Stream<Arguments> badModels() {
    return Stream.of(
        Arguments.of("truncated JSON", TestModels.TRUNCATED, "malformed JSON"),
        Arguments.of("NaN weight", TestModels.NAN_WEIGHT, "layers[0].weights[1][0]"),
        Arguments.of("ragged weights", TestModels.RAGGED, "layers[0].weights"),
        Arguments.of(
            "sign layer", TestModels.SIGN_LAYER, "not certifiable: node 'binarize' (sign)"),
        Arguments.of("empty file", "", "the model is empty"),
        Arguments.of("not JSON", "PK\u0003\u0004 zip", "not a LipCert JSON model"),
        Arguments.of(
            "unknown layer type",
            TestModels.TINY_MLP.replace("\"relu\"", "\"relu6\""),
            "layers[1] has unknown type \"relu6\""));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badModels")
  void badModelExitsTwoWithOneLineNamingFileAndProblem(
      String description, String content, String expectedMessage) {
    String model = TestModels.write(dir, "model.json", content);

    for (String command : List.of("certify", "gate")) {
      CliRun run = CliRun.of(command, model, "--max-lipschitz", "10");

      assertThat(run.exitCode()).as("%s, %s: exit code", command, description).isEqualTo(2);
      assertThat(run.stdout()).as("%s, %s: stdout", command, description).isEmpty();
      assertThat(run.stderr())
          .as("%s, %s: stderr", command, description)
          .startsWith("lipcert: " + model + ": ")
          .contains(expectedMessage)
          .doesNotContain("\tat ")
          .hasLineCount(1);
    }
  }

  @Test
  void missingFileExitsTwoWithNoSuchFile() {
    String missing = dir.resolve("missing.json").toString();

    CliRun run = CliRun.of("certify", missing);

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).isEqualTo("lipcert: " + missing + ": no such file\n");
  }

  @Test
  void directoryExitsTwoWithIsADirectory() {
    CliRun run = CliRun.of("gate", dir.toString(), "--max-lipschitz", "1");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr()).startsWith("lipcert: " + dir + ": is a directory").hasLineCount(1);
  }

  @Test
  void unwritableOutputExitsTwoAndWritesNothingToStdout() {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    String output = dir.resolve("no-such-dir").resolve("report.json").toString();

    CliRun run = CliRun.of("certify", model, "--output", output);

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stdout()).isEmpty();
    assertThat(run.stderr())
        .isEqualTo(
            "lipcert: " + output + ": cannot write the report: the directory does not exist\n");
  }

  static Stream<Arguments> usageErrors() {
    return Stream.of(
        Arguments.of(List.of("gate", "MODEL"), "Missing required option: '--max-lipschitz=K'"),
        Arguments.of(List.of("certify"), "Missing required parameter: 'MODEL'"),
        Arguments.of(
            List.of("certify", "MODEL", "--tolerance", "2"), "--tolerance must lie in (0, 1)"),
        Arguments.of(
            List.of("certify", "MODEL", "--tolerance", "0"), "--tolerance must lie in (0, 1)"),
        Arguments.of(List.of("certify", "MODEL", "--tolerance", "abc"), "'abc' is not a double"),
        Arguments.of(List.of("certify", "MODEL", "--threads", "0"), "--threads must be at least 1"),
        Arguments.of(
            List.of("certify", "MODEL", "--max-iterations", "0"),
            "--max-iterations must be at least 1"),
        Arguments.of(
            List.of("certify", "MODEL", "--witness-samples", "0"),
            "--witness-samples must be at least 1"),
        Arguments.of(
            List.of("certify", "MODEL", "--exact-svd-max-dimension", "-1"),
            "--exact-svd-max-dimension must not be negative"),
        Arguments.of(
            List.of("certify", "MODEL", "--materialize-max-dimension", "-1"),
            "--materialize-max-dimension must not be negative"),
        Arguments.of(
            List.of("gate", "MODEL", "--max-lipschitz", "1", "--materialize-max-dimension", "x"),
            "'x' is not an int"),
        Arguments.of(
            List.of("gate", "MODEL", "--max-lipschitz", "-1"), "--max-lipschitz must be a finite"),
        Arguments.of(
            List.of("gate", "MODEL", "--max-lipschitz", "NaN"), "--max-lipschitz must be a finite"),
        Arguments.of(
            List.of("gate", "MODEL", "--max-lipschitz", "Infinity"),
            "--max-lipschitz must be a finite"),
        Arguments.of(
            List.of("certify", "MODEL", "--format", "xml"),
            "expected one of json, text, junit, sarif, markdown but was 'xml'"),
        Arguments.of(
            List.of("certify", "MODEL", "--upper-bound-method", "svd"),
            "expected one of auto, cholesky, gram, frobenius but was 'svd'"),
        Arguments.of(List.of("certify", "MODEL", "--norm", "3"), "unsupported norm '3'"),
        Arguments.of(List.of("certify", "MODEL", "--no-such-option"), "Unknown option"),
        Arguments.of(List.of("certify", "MODEL", "second.json"), "Unmatched argument"),
        Arguments.of(List.of("certfy", "MODEL"), "Unmatched argument"),
        Arguments.of(
            List.of("--verbose"), "missing command: certify, gate, project or implied-bound"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("usageErrors")
  void usageErrorExitsTwoWithMessageAndShortUsageOnStderr(List<String> args, String message) {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);
    List<String> resolved = new ArrayList<>();
    args.forEach(a -> resolved.add(a.equals("MODEL") ? model : a));

    CliRun run = CliRun.of(resolved.toArray(String[]::new));

    assertThat(run.exitCode()).as("exit code of %s", args).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stdout()).as("stdout of %s", args).isEmpty();
    assertThat(run.stderr())
        .as("stderr of %s", args)
        .startsWith("lipcert: ")
        .contains(message)
        .contains("Usage: lipcert")
        .contains("--help' for more information.");
  }

  @Test
  void misspelledCommandGetsASuggestion() {
    CliRun run = CliRun.of("certfy", "model.json");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stderr()).contains("Did you mean").contains("certify");
  }

  @Test
  void verboseAddsTheStackTraceToTheOneLineMessage() {
    String model = TestModels.write(dir, "model.json", TestModels.NAN_WEIGHT);

    CliRun quiet = CliRun.of("certify", model);
    CliRun verbose = CliRun.of("certify", model, "--verbose");
    CliRun verboseFirst = CliRun.of("--verbose", "certify", model);

    assertThat(quiet.stderr()).hasLineCount(1);
    assertThat(verbose.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(verbose.stdout()).isEmpty();
    assertThat(verbose.stderr())
        .as("--verbose after the command")
        .startsWith(quiet.stderr())
        .contains("InvalidModelException")
        .contains("\tat org.lipcert.");
    assertThat(verboseFirst.stderr()).as("--verbose before the command").contains("\tat ");
  }

  @Test
  void controlCharactersFromTheModelDoNotBreakTheOneLineMessage() {
    String model =
        TestModels.write(
            dir, "model.json", TestModels.SIGN_LAYER.replace("binarize", "bad\\nname\\u001b[31m"));

    CliRun run = CliRun.of("certify", model);

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_ERROR);
    assertThat(run.stderr()).hasLineCount(1).doesNotContain("\u001b").contains("bad name?[31m");
  }

  @Test
  void helpIsPrintedOnStdoutWithExitZero() {
    for (String[] args :
        List.of(
            new String[] {"--help"},
            new String[] {"certify", "--help"},
            new String[] {"gate", "-h"},
            new String[] {"help", "gate"})) {
      CliRun run = CliRun.of(args);

      assertThat(run.exitCode()).as("exit code of %s", List.of(args)).isEqualTo(Main.EXIT_OK);
      assertThat(run.stdout())
          .as("help of %s", List.of(args))
          .contains("Usage: lipcert", "Exit codes:");
      assertThat(run.stderr()).isEmpty();
    }
    assertThat(CliRun.of("gate", "--help").stdout())
        .contains("--max-lipschitz=K", "--format=FORMAT", "Default: text", "1   FAIL")
        .contains("json, text, junit, sarif, markdown");
    assertThat(CliRun.of("certify", "--help").stdout())
        .contains("--upper-bound-method=METHOD", "Default: json", "Default: auto");
  }

  @Test
  void helpListsEveryCertificationOptionWithItsDefault() {
    for (String command : List.of("certify", "gate")) {
      String help = CliRun.of(command, "--help").stdout().replaceAll("\\s+", " ");

      assertThat(help)
          .as("%s --help, whitespace collapsed", command)
          .contains(
              "--norm=NORM",
              "--tolerance=T",
              "--max-iterations=N",
              "--seed=S",
              "--exact-svd-max-dimension=N",
              "--materialize-max-dimension=N",
              "--upper-bound-method=METHOD",
              "--witness-samples=N",
              "--threads=N")
          .contains("full SVD; 0 disables it. Default: 256.")
          .contains("0 disables it. The matrix takes 8 bytes per entry. Default: 1024.");
    }
  }

  @Test
  void versionIsPrintedOnStdoutWithExitZero() {
    CliRun run = CliRun.of("--version");

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_OK);
    assertThat(run.stdout()).as("no jar manifest in tests: dev").isEqualTo("lipcert dev\n");
    assertThat(CliRun.of("certify", "-V").stdout()).startsWith("lipcert ");
  }

  @Test
  void modelFileIsReadAsBytesSoItsHashIsThatOfTheFile() throws Exception {
    String model = TestModels.write(dir, "crlf.json", TestModels.TINY_MLP.replace("\n", "\r\n"));

    CliRun run = CliRun.of("certify", model);

    assertThat(run.exitCode()).isEqualTo(Main.EXIT_OK);
    byte[] bytes = Files.readAllBytes(Path.of(model));
    String expected =
        java.util.HexFormat.of()
            .formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
    assertThat(run.json().get("model").get("sha256").asString()).isEqualTo(expected);
  }
}
