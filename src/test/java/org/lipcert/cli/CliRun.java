package org.lipcert.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One in-process run of the command line, with what it wrote.
 *
 * @param exitCode the exit code {@link Main#run(String[], PrintStream, PrintStream)} returned
 * @param stdout standard output, decoded as UTF-8
 * @param stderr standard error, decoded as UTF-8
 */
record CliRun(int exitCode, String stdout, String stderr) {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  /** Runs {@code lipcert args…} in this JVM and captures both streams. */
  static CliRun of(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new CliRun(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Returns standard output parsed as JSON. */
  JsonNode json() {
    return JSON.readTree(stdout);
  }

  /** Parses a JSON document. */
  static JsonNode parse(String json) {
    return JSON.readTree(json);
  }
}
