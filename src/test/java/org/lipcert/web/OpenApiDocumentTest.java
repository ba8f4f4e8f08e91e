package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Keeps the committed OpenAPI document {@value #COMMITTED} identical to the one the service
 * generates at {@code /v3/api-docs}, and checks that the document is usable: every local reference
 * resolves, the JSON request body carries the model schema and a ready example, the octet-stream
 * body is binary, every query parameter is described, and Swagger UI is served.
 *
 * <p>After changing the API, regenerate the committed file with
 *
 * <pre>{@code ./mvnw -B test -Dtest=OpenApiDocumentTest -Dlipcert.openapi.update=true}</pre>
 *
 * and commit it: with the system property {@value #UPDATE_PROPERTY}{@code =true} the test writes
 * the served document to {@value #COMMITTED} instead of comparing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OpenApiDocumentTest {

  /** The committed document, relative to the project directory (Maven's working directory). */
  static final String COMMITTED = "openapi/openapi.json";

  /** Set to {@code true} to rewrite {@value #COMMITTED} rather than compare. */
  static final String UPDATE_PROPERTY = "lipcert.openapi.update";

  private static final String REGENERATE =
      "./mvnw -B test -Dtest=OpenApiDocumentTest -D" + UPDATE_PROPERTY + "=true";

  @LocalServerPort private int port;

  private ApiClient api;

  @BeforeEach
  void setUp() {
    api = new ApiClient(port);
  }

  @Test
  void servedDocumentEqualsTheCommittedFile() throws IOException {
    String served = servedDocument().text();
    Path committed = Path.of(COMMITTED);
    if (Boolean.getBoolean(UPDATE_PROPERTY)) {
      Files.writeString(committed, normalise(served) + "\n", StandardCharsets.UTF_8);
      return;
    }
    if (!Files.exists(committed)) {
      fail("%s is missing; generate it with %s and commit it", COMMITTED, REGENERATE);
    }
    assertThat(normalise(served))
        .as(
            "the served OpenAPI document differs from %s; if the change is intended, regenerate"
                + " the file with %s and commit it",
            COMMITTED, REGENERATE)
        .isEqualTo(normalise(Files.readString(committed, StandardCharsets.UTF_8)));
  }

  @Test
  void everyLocalReferenceResolves() {
    JsonNode document = servedDocument().json();
    List<String> references = new ArrayList<>();
    collectReferences(document, references);

    assertThat(references).as("the document has references to check").isNotEmpty();
    for (String reference : references) {
      assertThat(document.at(reference.substring(1)).isMissingNode())
          .as("reference %s resolves inside the document", reference)
          .isFalse();
    }
  }

  @Test
  void jsonRequestBodyHasTheModelSchemaAndTheExampleModel() {
    JsonNode json =
        servedDocument()
            .json()
            .at("/paths/~1api~1v1~1certificates/post/requestBody/content/application~1json");

    assertThat(json.path("schema").path("$ref").asString())
        .as("the JSON body is described by the model's JSON Schema")
        .isEqualTo(OpenApiConfiguration.MODEL_SCHEMA_REF);
    assertThat(json.path("example"))
        .as("the body's example is openapi/examples/tiny-mlp.json, so Try it out works as is")
        .isEqualTo(
            JsonMapper.shared()
                .readTree(ApiClient.resource(OpenApiConfiguration.EXAMPLE_RESOURCE)));
  }

  @Test
  void octetStreamRequestBodyIsABinaryString() {
    JsonNode content =
        servedDocument().json().at("/paths/~1api~1v1~1certificates/post/requestBody/content");

    assertThat(content.propertyNames())
        .as("the three ways to send a model")
        .containsExactlyInAnyOrder(
            "application/json", "application/octet-stream", "multipart/form-data");
    JsonNode binary = content.path("application/octet-stream").path("schema");
    assertThat(binary.path("type").asString()).as("octet-stream body type").isEqualTo("string");
    assertThat(binary.path("format").asString()).as("octet-stream body format").isEqualTo("binary");
    assertThat(binary.path("description").asString())
        .as("the octet-stream body is the way to send an ONNX model")
        .contains("ONNX");
    assertThat(
            content
                .path("multipart/form-data")
                .path("schema")
                .path("properties")
                .path("model")
                .path("description")
                .asString())
        .as("the multipart part model may hold an ONNX model")
        .contains("ONNX");
  }

  @Test
  void theNotCertifiableResponseShowsNodeOpTypeAndReason() {
    JsonNode examples =
        servedDocument()
            .json()
            .at("/components/responses/NotCertifiable/content/application~1problem+json/examples");

    assertThat(examples.size()).as("422 examples").isPositive();
    for (JsonNode example : examples.values()) {
      JsonNode problem = example.path("value");
      assertThat(problem.path("status").asInt()).as("422 example status").isEqualTo(422);
      for (String property : List.of("node", "opType", "reason")) {
        assertThat(problem.path(property).asString())
            .as("422 example %s has %s", example.path("summary").asString(), property)
            .isNotBlank();
      }
      assertThat(problem.path("detail").asString())
          .as("the detail joins node, op type and reason as the service does")
          .isEqualTo(
              "node '%s' (%s): %s",
              problem.path("node").asString(),
              problem.path("opType").asString(),
              problem.path("reason").asString());
    }
    assertThat(examples.path("not-certifiable").path("value").path("opType").asString())
        .as("the first example is an ONNX node")
        .isEqualTo("MatMul");
  }

  @Test
  void inputShapeIsDocumentedWithItsSyntax() {
    JsonNode inputShape =
        servedDocument()
            .json()
            .at("/paths/~1api~1v1~1certificates/post/parameters")
            .values()
            .stream()
            .filter(parameter -> "inputShape".equals(parameter.path("name").asString()))
            .findFirst()
            .orElseThrow();

    assertThat(inputShape.path("schema").path("pattern").asString())
        .as("the syntax is in the schema")
        .isEqualTo(CertificationParameters.INPUT_SHAPE_PATTERN);
    assertThat(inputShape.path("schema").path("example").asString()).isEqualTo("3,32,32");
    assertThat(inputShape.path("description").asString()).contains("ONNX", "batch");
  }

  @Test
  void everyQueryParameterIsDocumentedWithADescription() {
    JsonNode parameters =
        servedDocument().json().at("/paths/~1api~1v1~1certificates/post/parameters");

    List<String> names = new ArrayList<>();
    for (JsonNode parameter : parameters.values()) {
      String name = parameter.path("name").asString();
      names.add(name);
      assertThat(parameter.path("in").asString())
          .as("%s is a query parameter", name)
          .isEqualTo("query");
      assertThat(parameter.path("description").asString())
          .as("%s has a description", name)
          .isNotBlank();
    }
    assertThat(names)
        .as("the documented parameters are the accepted ones, in order")
        .containsExactlyElementsOf(CertificationParameters.NAMES);
    for (String name :
        List.of(
            CertificationParameters.EXACT_SVD_MAX_DIMENSION,
            CertificationParameters.MATERIALIZE_MAX_DIMENSION)) {
      JsonNode schema =
          parameters.values().stream()
              .filter(parameter -> name.equals(parameter.path("name").asString()))
              .findFirst()
              .orElseThrow()
              .path("schema");
      assertThat(schema.path("default").isInt()).as("%s has an integer default", name).isTrue();
      assertThat(schema.path("minimum").asInt()).as("%s is at least 0", name).isZero();
    }
  }

  @Test
  void problemResponsesAreDocumentedAsProblemJson() {
    JsonNode document = servedDocument().json();
    JsonNode responses = document.at("/paths/~1api~1v1~1certificates/post/responses");

    for (String status : List.of("400", "413", "415", "422")) {
      String reference = responses.path(status).path("$ref").asString();
      JsonNode response = document.at(reference.substring(1));
      assertThat(response.at("/content/application~1problem+json/schema/$ref").asString())
          .as("response %s is an application/problem+json Problem", status)
          .isEqualTo("#/components/schemas/Problem");
    }
  }

  @Test
  void swaggerUiIsServed() {
    ApiClient.Response redirect = api.get("/swagger-ui.html");

    assertThat(redirect.status()).as("/swagger-ui.html redirects").isEqualTo(302);
    String location = redirect.headers().firstValue("Location").orElseThrow();
    assertThat(location).as("to Swagger UI's page").endsWith("/swagger-ui/index.html");

    ApiClient.Response page = api.get(location);
    assertThat(page.status()).as("Swagger UI's page is served").isEqualTo(200);
    assertThat(page.contentType()).as("as HTML").startsWith("text/html");
    assertThat(page.text()).as("the page loads Swagger UI").contains("swagger-ui");
  }

  private ApiClient.Response servedDocument() {
    ApiClient.Response response = api.get("/v3/api-docs");
    assertThat(response.status()).as("/v3/api-docs is served").isEqualTo(200);
    return response;
  }

  private static void collectReferences(JsonNode node, List<String> references) {
    JsonNode ref = node.get("$ref");
    if (ref != null && ref.isString() && ref.asString().startsWith("#/")) {
      references.add(ref.asString());
    }
    node.values().forEach(child -> collectReferences(child, references));
  }

  /** Normalises line endings only, and the trailing newline that editors and Git may add. */
  private static String normalise(String text) {
    return text.replace("\r\n", "\n").replace('\r', '\n').stripTrailing();
  }
}
