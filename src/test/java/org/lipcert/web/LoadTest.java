package org.lipcert.web;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.lipcert.testing.JsonModels;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * 200 concurrent requests against a service on a random port with two certification slots: small
 * and large valid models, truncated JSON, random bytes sent as ONNX, a model with a NaN weight, and
 * bodies over the upload cap, all released at once. Every answer must be 200, a 4xx, 429 or 503,
 * each refusal a problem document; never a 500; the service must answer its health probe afterwards
 * and the heap never reach its maximum.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "lipcert.limits.max-concurrent-certifications=2",
      "lipcert.max-upload-size=4MB",
      "server.tomcat.threads.max=200"
    })
class LoadTest {

  private static final int REQUESTS = 200;

  @LocalServerPort private int port;

  private record Kind(String name, String contentType, byte[] body) {}

  private static List<Kind> kinds() {
    Random random = new Random(77);
    byte[] noise = new byte[50_000];
    random.nextBytes(noise);
    byte[] oversize = new byte[5 * 1024 * 1024];
    java.util.Arrays.fill(oversize, (byte) ' ');
    byte[] large = JsonModels.randomReluMlp(78, 180, 180, 180, 180).getBytes(UTF_8);
    assertThat(large.length).as("the large model is under the 4MB cap").isLessThan(4 << 20);
    return List.of(
        new Kind(
            "small", "application/json", JsonModels.randomReluMlp(79, 8, 16, 4).getBytes(UTF_8)),
        new Kind("large", "application/json", large),
        new Kind(
            "truncated",
            "application/json",
            JsonModels.randomReluMlp(80, 8, 16, 4).substring(0, 300).getBytes(UTF_8)),
        new Kind("noise-as-onnx", "application/octet-stream", noise),
        new Kind(
            "nan-weight",
            "application/json",
            "{\"format\":\"lipcert/v1\",\"layers\":[{\"type\":\"dense\",\"weights\":[[NaN,1]]}]}"
                .getBytes(UTF_8)),
        new Kind("oversize", "application/json", oversize));
  }

  @Test
  void twoHundredConcurrentMixedRequestsGetOnlyExpectedAnswers() throws Exception {
    List<Kind> kinds = kinds();
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long maxHeap = Runtime.getRuntime().maxMemory();
    AtomicLong peakHeap = new AtomicLong();
    ExecutorService clients = Executors.newFixedThreadPool(REQUESTS);
    CountDownLatch start = new CountDownLatch(1);
    List<Future<String>> outcomes = new ArrayList<>();
    Thread sampler =
        new Thread(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                peakHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
    sampler.start();
    try {
      for (int i = 0; i < REQUESTS; i++) {
        Kind kind = kinds.get(i % kinds.size());
        outcomes.add(
            clients.submit(
                () -> {
                  start.await();
                  ApiClient.Response response =
                      new ApiClient(port).post(CERTIFICATES, kind.contentType(), kind.body());
                  return check(kind, response);
                }));
      }
      start.countDown();
      Map<String, Integer> tally = new TreeMap<>();
      for (Future<String> outcome : outcomes) {
        tally.merge(outcome.get(5, TimeUnit.MINUTES), 1, Integer::sum);
      }
      System.out.println("load test answers (kind status: count): " + tally);
      assertThat(tally.values().stream().mapToInt(Integer::intValue).sum())
          .as("every request was answered")
          .isEqualTo(REQUESTS);
    } finally {
      clients.shutdownNow();
      sampler.interrupt();
      sampler.join();
    }

    ApiClient.Response health = new ApiClient(port).get("/actuator/health");
    assertThat(health.status()).as("health after the load").isEqualTo(200);
    assertThat(health.json().path("status").asString()).as("health status").isEqualTo("UP");
    ApiClient.Response after =
        new ApiClient(port).post(CERTIFICATES, "application/json", kinds.get(0).body());
    assertThat(after.status()).as("a certification after the load").isEqualTo(200);
    System.out.printf(
        "load test heap: peak %d MiB of max %d MiB%n", peakHeap.get() >> 20, maxHeap >> 20);
    assertThat(peakHeap.get()).as("peak heap used vs the maximum").isLessThan(maxHeap);
  }

  /** Checks one answer and returns "kind status" for the tally. */
  private static String check(Kind kind, ApiClient.Response response) {
    int status = response.status();
    assertThat(status)
        .as("%s: status %d; body %s", kind.name(), status, response.text())
        .isNotEqualTo(500)
        .satisfiesAnyOf(
            s -> assertThat(s).isEqualTo(200),
            s -> assertThat(s).isBetween(400, 499),
            s -> assertThat(s).isEqualTo(503));
    if (status == 200) {
      assertThat(kind.name()).as("only valid models are certified").isIn("small", "large");
    } else {
      assertThat(response.contentType())
          .as("%s: a %d is a problem document", kind.name(), status)
          .startsWith("application/problem+json");
      JsonNode problem = response.json();
      assertThat(problem.path("status").asInt()).as("problem status").isEqualTo(status);
      assertThat(problem.path("type").asString())
          .as("problem type")
          .startsWith(ProblemType.BASE_URI);
      if (status == 429 || status == 503) {
        assertThat(response.headers().firstValue("Retry-After"))
            .as("Retry-After of a %d", status)
            .isPresent();
      }
    }
    return kind.name() + " " + status;
  }
}
