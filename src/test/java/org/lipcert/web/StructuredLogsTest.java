package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.logging.LoggingInitializationContext;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Structured logs as {@code docker-compose.yml} configures them ({@code
 * logging.structured.format.console=ecs}): one JSON object per line, carrying the request id of the
 * request, and of the job it submitted, and nothing of the uploaded weights.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "logging.structured.format.console=ecs")
@ExtendWith(OutputCaptureExtension.class)
@DirtiesContext
class StructuredLogsTest {

  /**
   * Logback is configured once per JVM unless cleaned up: let this class's context configure it for
   * structured logs, whatever ran before.
   */
  @BeforeAll
  static void letThisContextConfigureLogging() {
    LoggingSystem.get(StructuredLogsTest.class.getClassLoader()).cleanUp();
  }

  /** Gives the test classes that run later the plain console format back. */
  @AfterAll
  static void restorePlainLogs() {
    LoggingSystem system = LoggingSystem.get(StructuredLogsTest.class.getClassLoader());
    system.cleanUp();
    // Spring Boot hands the format to Logback as system properties, which outlive the context
    System.getProperties().keySet().removeIf(key -> key.toString().contains("STRUCTURED_FORMAT"));
    system.beforeInitialize();
    system.initialize(new LoggingInitializationContext(new StandardEnvironment()), null, null);
  }

  /** Weights with digits that would be recognisable anywhere in the log. */
  private static final byte[] MODEL =
      """
      {"format": "lipcert/v1", "name": "log-probe", "layers": [
        {"type": "dense", "weights": [[0.918273645, 0.546372819], [0.192837465, 0.73645182]]},
        {"type": "relu"},
        {"type": "dense", "weights": [[0.564738291, 0.283746519]]}]}"""
          .getBytes(UTF_8);

  @LocalServerPort private int port;

  private List<JsonNode> linesWith(CapturedOutput output, String text) {
    return output
        .getOut()
        .lines()
        .filter(line -> line.contains(text))
        .map(line -> JsonMapper.shared().readTree(line))
        .toList();
  }

  @Test
  void aCertificationLogsItsRequestIdAndNoWeights(CapturedOutput output) {
    ApiClient api = new ApiClient(port);
    ApiClient.Response response =
        api.post(CERTIFICATES, "application/json", "application/json", MODEL, "sync-req-1");
    assertThat(response.status()).as("status; body %s", response.text()).isEqualTo(200);

    List<JsonNode> lines = linesWith(output, "sync-req-1");
    assertThat(lines).as("JSON log lines of the request").isNotEmpty();
    assertThat(lines)
        .as("the certification line names the model's hash and carries the request id")
        .anySatisfy(
            line -> {
              assertThat(line.path("message").asString())
                  .contains("certified")
                  .contains(ApiClient.sha256(MODEL));
              assertThat(line.path("requestId").asString()).isEqualTo("sync-req-1");
              assertThat(
                      line.path("log").path("level").asString() + line.path("log.level").asString())
                  .isEqualTo("INFO");
            });
    assertNoWeights(output);
  }

  @Test
  void aJobLogsItsRequestIdAndJobId(CapturedOutput output) {
    ApiClient api = new ApiClient(port);
    ApiClient.Response submitted =
        api.post(JobsTest.JOBS, "application/json", "application/json", MODEL, "job-req-2");
    assertThat(submitted.status()).as("status; body %s", submitted.text()).isEqualTo(202);
    String jobId = submitted.json().path("id").asString();
    JobsTest.awaitFinished(
        api, submitted.headers().firstValue("Location").orElseThrow(), Duration.ofSeconds(60));

    assertThat(linesWith(output, "job-req-2"))
        .as("the job's certification line carries the request id and the job id")
        .anySatisfy(
            line -> {
              assertThat(line.path("message").asString()).contains("certified");
              assertThat(line.path("jobId").asString()).isEqualTo(jobId);
            });
    assertNoWeights(output);
  }

  private static void assertNoWeights(CapturedOutput output) {
    assertThat(output.getOut() + output.getErr())
        .as("no weight of the upload in the logs")
        .doesNotContain("918273645", "546372819", "192837465", "73645182", "564738291");
  }
}
