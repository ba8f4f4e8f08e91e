package org.lipcert.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lipcert.io.onnx.OnnxSamples;

/**
 * The real executable jar, {@code java -jar target/lipcert.jar …}, in a child process: the exit
 * codes the shell sees, the manifest version, and no Spring Boot start-up (no banner, no log line)
 * on the command line path.
 *
 * <p>Skipped unless {@code target/lipcert.jar} exists and is at least as new as the compiled
 * classes (run {@code ./mvnw -B -q package -DskipTests} first); a stale jar would test old code.
 */
class JarLaunchTest {

  private static final Path JAR = Path.of("target", "lipcert.jar");
  private static final Path CLASSES = Path.of("target", "classes", "org", "lipcert");

  @TempDir Path dir;

  @BeforeAll
  static void requireAFreshJar() throws IOException {
    assumeTrue(Files.isRegularFile(JAR), "no target/lipcert.jar; run ./mvnw package first");
    FileTime jarTime = Files.getLastModifiedTime(JAR);
    try (Stream<Path> classes = Files.walk(CLASSES)) {
      FileTime newest =
          classes
              .filter(p -> p.toString().endsWith(".class"))
              .map(JarLaunchTest::modified)
              .max(FileTime::compareTo)
              .orElse(FileTime.fromMillis(0));
      assumeTrue(jarTime.compareTo(newest) >= 0, "target/lipcert.jar is older than the classes");
    }
  }

  @Test
  void certifyPrintsTheReportWithoutStartingSpring() throws Exception {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun run = launch("certify", model);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(run.json().get("layers").get(0).get("name").asString()).isEqualTo("fc1");
    assertThat(run.stdout() + run.stderr())
        .as("no Spring Boot banner or start-up log")
        .doesNotContain(":: Spring Boot ::", "Starting LipCertApplication", "Tomcat");
    assertThat(run.stderr()).isEmpty();
  }

  @Test
  void certifiesAnOnnxFileAndRefusesACorruptOne() throws Exception {
    String model = TestModels.write(dir, "mlp.onnx", OnnxSamples.mlp());
    String corrupt = TestModels.write(dir, "corrupt.onnx", OnnxSamples.truncated());

    CliRun run = launch("certify", model);
    CliRun refused = launch("certify", corrupt);

    assertThat(run.exitCode()).as(run.stderr()).isEqualTo(Main.EXIT_OK);
    assertThat(run.json().get("model").get("format").asString())
        .as("the protobuf runtime is in the jar")
        .isEqualTo("onnx");
    assertThat(run.json().get("layers").get(0).get("name").asString())
        .isEqualTo(OnnxSamples.MLP_FIRST_LAYER);
    assertThat(refused.exitCode()).as("corrupt ONNX").isEqualTo(Main.EXIT_ERROR);
    assertThat(refused.stdout()).isEmpty();
    assertThat(refused.stderr())
        .contains("corrupt.onnx: ", "not a valid ONNX model")
        .hasLineCount(1);
  }

  @Test
  void exitCodesReachTheShell() throws Exception {
    String model = TestModels.write(dir, "tiny-mlp.json", TestModels.TINY_MLP);

    CliRun pass = launch("gate", model, "--max-lipschitz", "1000");
    CliRun fail = launch("gate", model, "--max-lipschitz", "0.001");
    CliRun error = launch("gate", dir.resolve("missing.json").toString(), "--max-lipschitz", "1");

    assertThat(pass.exitCode()).as("PASS").isEqualTo(0);
    assertThat(fail.exitCode()).as("FAIL_CERTAIN").isEqualTo(1);
    assertThat(fail.stdout()).contains("certainly not 0.001-Lipschitz");
    assertThat(error.exitCode()).as("missing file").isEqualTo(2);
    assertThat(error.stdout()).isEmpty();
    assertThat(error.stderr()).endsWith("missing.json: no such file\n");
  }

  @Test
  void versionIsTheManifestImplementationVersion() throws Exception {
    String expected;
    try (JarFile jar = new JarFile(JAR.toFile())) {
      expected = jar.getManifest().getMainAttributes().getValue("Implementation-Version");
    }

    CliRun run = launch("--version");

    assertThat(run.exitCode()).isEqualTo(0);
    assertThat(run.stdout().strip()).isEqualTo("lipcert " + expected);
  }

  private CliRun launch(String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    Path out = Files.createTempFile(dir, "stdout", ".txt");
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process process =
        new ProcessBuilder(command)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    if (!process.waitFor(120, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("lipcert " + String.join(" ", args) + " did not finish in 120 s");
    }
    return new CliRun(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static FileTime modified(Path path) {
    try {
      return Files.getLastModifiedTime(path);
    } catch (IOException e) {
      return FileTime.fromMillis(Long.MAX_VALUE);
    }
  }
}
