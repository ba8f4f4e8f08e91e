package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.ProblemAssert.assertProblem;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lipcert.testing.JsonModels;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Asynchronous jobs over real HTTP: submission (202, {@code Location}, {@code Retry-After}),
 * polling, the Server-Sent-Event stream, cancellation, failures as problem details, and reports
 * equal to the synchronous ones.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class JobsTest {

  static final String JOBS = "/api/v1/jobs";

  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  private static final Path CGAN = Path.of("..", "shared", "models", "cgan_32x32_1ch.onnx");

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  /** Submits a job and checks the 202 answer; returns the job's path. */
  static String submit(ApiClient api, String query, String contentType, byte[] model) {
    ApiClient.Response response = api.post(JOBS + query, contentType, model);
    assertThat(response.status()).as("submission status; body %s", response.text()).isEqualTo(202);
    String location = response.headers().firstValue("Location").orElseThrow();
    assertThat(location).as("Location").startsWith(JOBS + "/");
    assertThat(response.headers().firstValue("Retry-After"))
        .as("Retry-After on 202")
        .hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
    JsonNode job = response.json();
    assertThat(job.path("status").asString())
        .as("status at submission (a quick job may already have finished)")
        .isIn("queued", "running", "succeeded", "failed");
    assertThat(location).as("Location names the job").endsWith("/" + job.path("id").asString());
    return location;
  }

  /** Polls a job until it has finished, and returns it. */
  static JsonNode awaitFinished(ApiClient api, String location, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      ApiClient.Response response = api.get(location);
      assertThat(response.status()).as("poll status; body %s", response.text()).isEqualTo(200);
      JsonNode job = response.json();
      if (job.hasNonNull("finishedAt")) {
        assertThat(response.headers().firstValue("Retry-After"))
            .as("no Retry-After once finished")
            .isEmpty();
        return job;
      }
      assertThat(response.headers().firstValue("Retry-After"))
          .as("Retry-After while %s", job.path("status").asString())
          .isPresent();
      assertThat(System.nanoTime()).as("job %s finished in time", location).isLessThan(end);
      sleep(50);
    }
  }

  /** Polls a job until its status is {@code status}. */
  static JsonNode awaitStatus(ApiClient api, String location, String status, Duration timeout) {
    long end = System.nanoTime() + timeout.toNanos();
    while (true) {
      JsonNode job = api.get(location).json();
      if (job.path("status").asString().equals(status)) {
        return job;
      }
      assertThat(System.nanoTime())
          .as("job %s reached %s in time; it is %s", location, status, job)
          .isLessThan(end);
      sleep(20);
    }
  }

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** A report without what depends on the clock: timings, millis and the time budget. */
  static JsonNode comparable(JsonNode report) {
    ObjectNode copy = (ObjectNode) WithoutTimings.of(report);
    copy.remove("timings");
    ((ObjectNode) copy.path("options")).remove("timeBudgetMillis");
    return copy;
  }

  @Test
  void aJobSucceedsWithTheReportOfASynchronousRequest() {
    String location = submit(api, "?seed=3", "application/json", TINY_MLP);

    JsonNode job = awaitFinished(api, location, Duration.ofSeconds(60));

    assertThat(job.path("status").asString())
        .as("final status; job %s", job)
        .isEqualTo("succeeded");
    assertThat(job.path("progress").path("fraction").asDouble()).as("final fraction").isEqualTo(1);
    assertThat(job.path("progress").path("phase").asString()).as("final phase").isEqualTo("done");
    assertThat(job.has("problem")).as("no problem on success").isFalse();
    for (String field : List.of("createdAt", "startedAt", "finishedAt")) {
      assertThat(job.hasNonNull(field)).as("%s is set", field).isTrue();
    }
    ApiClient.Response sync = api.post(CERTIFICATES + "?seed=3", "application/json", TINY_MLP);
    assertThat(sync.status()).as("synchronous status").isEqualTo(200);
    assertThat(comparable(job.path("report")))
        .as("the job's report equals the synchronous one, timings aside")
        .isEqualTo(comparable(sync.json()));
  }

  @Test
  void theEventStreamReportsEveryLayerAndEndsWithTheResult() {
    byte[] model = JsonModels.randomReluMlp(5, 40, 60, 60, 60, 10).getBytes(UTF_8);
    String location = submit(api, "", "application/json", model);

    List<ApiClient.Event> events = api.events(location + "/events", Duration.ofSeconds(60));

    assertThat(events).as("events").isNotEmpty();
    ApiClient.Event last = events.get(events.size() - 1);
    assertThat(last.name()).as("the last event is the final status").isEqualTo("succeeded");
    assertThat(last.json().path("report").path("layers").size())
        .as("the last event carries the report")
        .isEqualTo(4);
    for (ApiClient.Event event : events.subList(0, events.size() - 1)) {
      assertThat(event.name()).as("events before the end").isEqualTo("progress");
    }
    // A client that subscribes late misses earlier layers; this one subscribed at once, but the
    // job may have started before: every layer finished after the subscription is reported.
    List<Integer> layersDone =
        events.stream()
            .filter(e -> e.name().equals("progress"))
            .map(ApiClient.Event::json)
            .filter(p -> p.path("phase").asString().equals("layers"))
            .map(p -> p.path("layersDone").asInt())
            .toList();
    assertThat(layersDone).as("layersDone never decreases").isSorted();
  }

  @Test
  void aFinishedJobsStreamSendsTheResultAndEnds() {
    String location = submit(api, "", "application/json", TINY_MLP);
    awaitFinished(api, location, Duration.ofSeconds(60));

    List<ApiClient.Event> events = api.events(location + "/events", Duration.ofSeconds(10));

    assertThat(events).as("events of a finished job").hasSize(1);
    assertThat(events.get(0).name()).as("event name").isEqualTo("succeeded");
    assertThat(events.get(0).json().path("status").asString()).isEqualTo("succeeded");
  }

  @Test
  void aJobOnAnUnreadableModelFailsWithTheSynchronousProblem() {
    byte[] corrupt = "{\"format\": \"lipcert/v1\", \"layers\": [".getBytes(UTF_8);
    String location = submit(api, "", "application/json", corrupt);

    JsonNode job = awaitFinished(api, location, Duration.ofSeconds(30));

    assertThat(job.path("status").asString()).as("status; job %s", job).isEqualTo("failed");
    JsonNode problem = job.path("problem");
    ApiClient.Response sync = api.post(CERTIFICATES, "application/json", corrupt);
    JsonNode expected = sync.json();
    assertThat(problem.path("type").asString())
        .as("the job's problem type is the synchronous one")
        .isEqualTo(expected.path("type").asString());
    assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(sync.status());
    assertThat(problem.path("detail").asString())
        .as("problem detail")
        .isEqualTo(expected.path("detail").asString());
    assertThat(problem.path("instance").asString()).as("problem instance").isEqualTo(location);
  }

  @Test
  void invalidParametersAreRefusedAtSubmission() {
    ApiClient.Response response = api.post(JOBS + "?tolerance=2", "application/json", TINY_MLP);

    assertProblem(response, ProblemType.INVALID_PARAMETER, JOBS, "tolerance");
  }

  @Test
  void anUnknownJobIsNotFound() {
    String path = JOBS + "/00000000-0000-0000-0000-000000000000";
    assertProblem(api.get(path), ProblemType.NOT_FOUND, path);
    assertProblem(api.delete(path), ProblemType.NOT_FOUND, path);
  }

  @Test
  void aRunningJobIsCancelled() {
    byte[] model = JsonModels.randomReluMlp(6, 30, 40, 40, 5).getBytes(UTF_8);
    String location = submit(api, "?witnessSamples=100000000", "application/json", model);
    awaitStatus(api, location, "running", Duration.ofSeconds(30));

    ApiClient.Response cancel = api.delete(location);

    assertThat(cancel.status()).as("DELETE status").isEqualTo(202);
    JsonNode job = awaitFinished(api, location, Duration.ofSeconds(30));
    assertThat(job.path("status").asString()).as("status after DELETE").isEqualTo("cancelled");
    assertThat(job.has("report")).as("a cancelled job has no report").isFalse();
    assertThat(api.delete(location).status()).as("cancelling again").isEqualTo(202);
    assertThat(api.get(location).json().path("status").asString())
        .as("cancelling a finished job changes nothing")
        .isEqualTo("cancelled");
  }

  @Test
  void aCganJobStreamsEveryLayerAndReportsTheSynchronousCertificate() throws Exception {
    Assumptions.assumeTrue(
        Files.isRegularFile(CGAN),
        "skipped: ../shared/models/cgan_32x32_1ch.onnx is absent (shared models beside the"
            + " project)");
    byte[] model = Files.readAllBytes(CGAN);
    ApiClient.Response submitted = api.post(JOBS, "application/octet-stream", model);
    assertThat(submitted.status()).as("submission; body %s", submitted.text()).isEqualTo(202);
    String location = submitted.headers().firstValue("Location").orElseThrow();

    List<ApiClient.Event> events = api.events(location + "/events", Duration.ofMinutes(5));

    ApiClient.Event last = events.get(events.size() - 1);
    assertThat(last.name()).as("final event; data %s", last.data()).isEqualTo("succeeded");
    JsonNode report = last.json().path("report");
    int layers = report.path("layers").size();
    List<Integer> layerEvents =
        events.stream()
            .filter(e -> e.name().equals("progress"))
            .map(ApiClient.Event::json)
            .filter(
                p ->
                    p.path("phase").asString().equals("layers") && p.path("layersDone").asInt() > 0)
            .map(p -> p.path("layersDone").asInt())
            .toList();
    assertThat(layerEvents)
        .as("one progress event per layer of the %d", layers)
        .containsExactlyInAnyOrderElementsOf(
            java.util.stream.IntStream.rangeClosed(1, layers).boxed().toList());
    ApiClient.Response sync = api.post(CERTIFICATES, "application/octet-stream", model);
    assertThat(sync.status()).as("synchronous status; body %s", sync.text()).isEqualTo(200);
    assertThat(comparable(report))
        .as("the job's report equals the synchronous one, timings aside")
        .isEqualTo(comparable(sync.json()));
  }
}
