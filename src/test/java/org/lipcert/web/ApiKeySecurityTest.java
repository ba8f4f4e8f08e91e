package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.lipcert.web.ApiClient.CERTIFICATES;
import static org.lipcert.web.ProblemAssert.assertProblem;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * API keys over real HTTP, enabled with the SHA-256 of two keys (the digests computed here with
 * {@code MessageDigest}, independently of the service): the API and the metrics need a configured
 * key (401 without, 403 with another), while health, the OpenAPI document and Swagger UI stay open.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "lipcert.security.enabled=true",
      "lipcert.security.api-key-hashes="
          + ApiKeySecurityTest.KEY_HASH
          + ", "
          + ApiKeySecurityTest.OTHER_KEY_HASH_UPPERCASE
    })
class ApiKeySecurityTest {

  static final String KEY = "lipcert-test-key-1";

  /** {@code printf %s lipcert-test-key-1 | sha256sum}. */
  static final String KEY_HASH = "7db2ff23a4df25a835303fee44ca13bed87395d2a8b16123f55896a6cfb03d92";

  static final String OTHER_KEY = "second key, with spaces";

  /** {@code printf %s "second key, with spaces" | sha256sum}, in upper case. */
  static final String OTHER_KEY_HASH_UPPERCASE =
      "49F6C805C7DE3FDF8E688BA9126827C4D8BCDFFFF658247E024D89A579E97C41";

  private static final byte[] TINY_MLP = ApiClient.resource("openapi/examples/tiny-mlp.json");

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void theTestHashesAreTheSha256OfTheKeys() {
    assertThat(ApiClient.sha256(KEY.getBytes(StandardCharsets.UTF_8)))
        .as("KEY_HASH is printf %%s %s | sha256sum", KEY)
        .isEqualTo(KEY_HASH);
    assertThat(ApiClient.sha256(OTHER_KEY.getBytes(StandardCharsets.UTF_8)))
        .as("OTHER_KEY_HASH_UPPERCASE, in lower case")
        .isEqualTo(OTHER_KEY_HASH_UPPERCASE.toLowerCase(java.util.Locale.ROOT));
  }

  @Test
  void withoutAKeyTheApiAnswers401WithAProblem() {
    ApiClient.Response response = api.post(CERTIFICATES, "application/json", TINY_MLP);

    assertProblem(response, ProblemType.UNAUTHORIZED, CERTIFICATES, "X-API-Key");
    assertThat(response.headers().firstValue("WWW-Authenticate"))
        .as("WWW-Authenticate names the header")
        .hasValueSatisfying(v -> assertThat(v).contains("X-API-Key"));
  }

  @Test
  void withAWrongKeyTheApiAnswers403WithAProblem() {
    ApiClient.Response response =
        api.postWithKey(CERTIFICATES, "application/json", TINY_MLP, KEY + "x");

    assertProblem(response, ProblemType.FORBIDDEN, CERTIFICATES, "X-API-Key");
  }

  @ParameterizedTest(name = "key {0}")
  @ValueSource(strings = {KEY, OTHER_KEY})
  void withAConfiguredKeyTheApiCertifies(String key) {
    ApiClient.Response response = api.postWithKey(CERTIFICATES, "application/json", TINY_MLP, key);

    assertThat(response.status()).as("status; body %s", response.text()).isEqualTo(200);
    assertThat(response.json().path("network").path("upperBound").asDouble())
        .as("a certificate")
        .isPositive();
  }

  @Test
  void jobsNeedAKeyToo() {
    assertProblem(
        api.post(JobsTest.JOBS, "application/json", TINY_MLP),
        ProblemType.UNAUTHORIZED,
        JobsTest.JOBS);
    ApiClient.Response accepted = api.postWithKey(JobsTest.JOBS, "application/json", TINY_MLP, KEY);
    assertThat(accepted.status()).as("job with a key; body %s", accepted.text()).isEqualTo(202);
  }

  @Test
  void metricsNeedAKey() {
    assertProblem(
        api.get("/actuator/prometheus"), ProblemType.UNAUTHORIZED, "/actuator/prometheus");
    ApiClient.Response metrics = api.get("/actuator/prometheus", SecurityConfiguration.HEADER, KEY);
    assertThat(metrics.status()).as("metrics with a key").isEqualTo(200);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        "/actuator/health",
        "/actuator/health/liveness",
        "/actuator/health/readiness",
        "/v3/api-docs",
        "/swagger-ui.html",
        "/swagger-ui/index.html"
      })
  void healthAndDocumentationStayOpen(String path) {
    ApiClient.Response response = api.get(path);

    assertThat(response.status())
        .as("%s without a key; body %s", path, response.text())
        .isIn(200, 302);
  }

  @Test
  void anOpenPathIgnoresAWrongKey() {
    assertThat(api.get("/actuator/health", SecurityConfiguration.HEADER, "wrong").status())
        .as("health with a wrong key")
        .isEqualTo(200);
  }

  @Test
  void theOpenApiDocumentDeclaresTheKeySoSwaggerUiCanAuthorize() {
    JsonNode document = api.get("/v3/api-docs").json();

    JsonNode scheme = document.path("components").path("securitySchemes").path("apiKey");
    assertThat(scheme.path("type").asString()).as("scheme type").isEqualTo("apiKey");
    assertThat(scheme.path("in").asString()).as("scheme in").isEqualTo("header");
    assertThat(scheme.path("name").asString()).as("scheme header").isEqualTo("X-API-Key");
    assertThat(document.path("security").get(0).has("apiKey"))
        .as("the scheme is required globally, so Authorize fills it into every request")
        .isTrue();
    assertThat(document.path("paths").path(CERTIFICATES).path("post").path("responses").has("401"))
        .as("401 documented on the API")
        .isTrue();
  }

  @Test
  void problemsOfTheApiItselfAreUnchangedWithAKey() {
    ApiClient.Response response =
        api.postWithKey(CERTIFICATES + "?tolerance=7", "application/json", TINY_MLP, KEY);

    assertProblem(response, ProblemType.INVALID_PARAMETER, CERTIFICATES, "tolerance");
  }
}
