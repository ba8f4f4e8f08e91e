package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.JobsTest.JOBS;
import static org.lipcert.web.ProblemAssert.assertProblem;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.lipcert.testing.JsonModels;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The capacity limits over real HTTP with one certification slot and a job queue of one: a
 * synchronous request that finds the slot taken is refused with 429, a job beyond the queue with
 * 503, both with {@code Retry-After}; the refusals are counted in the Prometheus metrics, and the
 * service takes work again once the slot is free.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "lipcert.limits.max-concurrent-certifications=1",
      "lipcert.jobs.queue-capacity=1"
    })
class ConcurrencyLimitsTest {

  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  /** A job that runs until cancelled: its witness search has a huge budget. */
  private static final String SLOW = "?witnessSamples=100000000";

  @LocalServerPort private int port;

  @Test
  void beyondTheSlotsAndTheQueueRequestsAreRefusedWithRetryAfter() {
    ApiClient api = new ApiClient(port);
    byte[] model = JsonModels.randomReluMlp(21, 20, 30, 30, 4).getBytes(UTF_8);
    String running = JobsTest.submit(api, SLOW, "application/json", model);
    JobsTest.awaitStatus(api, running, "running", Duration.ofSeconds(30));

    ApiClient.Response sync = api.post(CERTIFICATES, "application/json", TINY_MLP);
    JsonNode tooMany =
        assertProblem(sync, ProblemType.TOO_MANY_REQUESTS, CERTIFICATES, "slots", "jobs");
    assertRetryAfter(sync, tooMany);

    String queued = JobsTest.submit(api, "", "application/json", TINY_MLP);
    assertThat(api.get(queued).json().path("status").asString())
        .as("the second job waits for the slot")
        .isEqualTo("queued");

    ApiClient.Response third = api.post(JOBS, "application/json", TINY_MLP);
    JsonNode unavailable =
        assertProblem(third, ProblemType.SERVICE_UNAVAILABLE, JOBS, "queue", "queue-capacity");
    assertRetryAfter(third, unavailable);

    assertThat(api.delete(queued).json().path("status").asString())
        .as("a queued job is cancelled at once")
        .isEqualTo("cancelled");
    api.delete(running);
    JsonNode cancelled = JobsTest.awaitFinished(api, running, Duration.ofSeconds(30));
    assertThat(cancelled.path("status").asString()).as("the running job").isEqualTo("cancelled");

    ApiClient.Response after = awaitAccepted(api);
    assertThat(after.status()).as("a synchronous request once the slot is free").isEqualTo(200);

    String metrics = api.get("/actuator/prometheus").text();
    assertThat(metrics)
        .as("Prometheus metrics")
        .contains("lipcert_requests_rejected_total{reason=\"too-many-requests\"}")
        .contains("lipcert_requests_rejected_total{reason=\"service-unavailable\"}")
        .containsPattern(
            "lipcert_certifications_total\\{[^}]*mode=\"job\"[^}]*outcome=\"cancelled\"")
        .containsPattern(
            "lipcert_certifications_total\\{[^}]*mode=\"sync\"[^}]*outcome=\"succeeded\"")
        .contains("lipcert_jobs_queue_depth")
        .contains("lipcert_jobs_running");
  }

  private static void assertRetryAfter(ApiClient.Response response, JsonNode problem) {
    String header = response.headers().firstValue("Retry-After").orElse(null);
    assertThat(header).as("Retry-After of a %d", response.status()).isNotNull();
    assertThat(Long.parseLong(header)).as("Retry-After seconds").isPositive();
    assertThat(problem.path("retryAfterSeconds").asLong())
        .as("retryAfterSeconds equals the header")
        .isEqualTo(Long.parseLong(header));
  }

  /** Retries a synchronous request while the slot is still being released. */
  private static ApiClient.Response awaitAccepted(ApiClient api) {
    long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (true) {
      ApiClient.Response response = api.post(CERTIFICATES, "application/json", TINY_MLP);
      if (response.status() != 429 || System.nanoTime() > end) {
        return response;
      }
      JobsTest.sleep(50);
    }
  }
}
