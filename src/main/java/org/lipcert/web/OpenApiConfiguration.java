package org.lipcert.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.swagger.v3.core.util.Json31;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;

/**
 * The OpenAPI description of the service, served at {@code /v3/api-docs}, shown by Swagger UI at
 * {@code /swagger-ui.html}, and committed as {@code openapi/openapi.json} (kept identical by {@code
 * OpenApiDocumentTest}).
 *
 * <p>Besides what springdoc derives from the controller, it contributes: the API's description and
 * a fixed server {@code /}, so that the document does not depend on the port; the model's JSON
 * Schema ({@value #MODEL_SCHEMA_RESOURCE}), registered as component schemas with its {@code $defs}
 * hoisted next to it; the example {@value #EXAMPLE_RESOURCE} on the JSON request body, so that "Try
 * it out" works as is; and the problem responses, with a {@code Problem} schema and an example per
 * {@link ProblemType}.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

  /** The component name of the model's JSON Schema. */
  static final String MODEL_SCHEMA = "LipCertModel";

  /** The reference to the model's JSON Schema, for {@code @Schema(ref = …)}. */
  static final String MODEL_SCHEMA_REF = "#/components/schemas/" + MODEL_SCHEMA;

  static final String BAD_REQUEST_RESPONSE_REF = "#/components/responses/BadRequest";
  static final String PAYLOAD_TOO_LARGE_RESPONSE_REF = "#/components/responses/PayloadTooLarge";
  static final String UNSUPPORTED_MEDIA_TYPE_RESPONSE_REF =
      "#/components/responses/UnsupportedMediaType";
  static final String NOT_CERTIFIABLE_RESPONSE_REF = "#/components/responses/NotCertifiable";
  static final String INTERNAL_ERROR_RESPONSE_REF = "#/components/responses/InternalError";
  static final String TARGET_UNREACHABLE_RESPONSE_REF = "#/components/responses/TargetUnreachable";
  static final String BUSY_RESPONSE_REF = "#/components/responses/Busy";
  static final String UNAUTHORIZED_RESPONSE_REF = "#/components/responses/Unauthorized";
  static final String FORBIDDEN_RESPONSE_REF = "#/components/responses/Forbidden";

  /** The classpath resource holding the model's JSON Schema (copied from {@code openapi/}). */
  static final String MODEL_SCHEMA_RESOURCE = "openapi/lipcert-model-v1.schema.json";

  /** The classpath resource holding the request body's example. */
  static final String EXAMPLE_RESOURCE = "openapi/examples/tiny-mlp.json";

  /** The description of {@code POST /api/v1/certificates}. */
  static final String CERTIFY_DESCRIPTION =
      """
      Certifies the Lipschitz constant of the uploaded network: for every weighted layer a \
      bracket `lower ≤ ‖layer‖ ≤ upper` on its operator norm, and for the whole network a \
      certified upper bound and a witnessed lower bound. With `maxLipschitz` the report also \
      carries a gate verdict; the status is 200 whatever the verdict.

      The model is LipCert JSON (`lipcert/v1`) or ONNX (opsets 7–21, as exported by PyTorch, \
      tf2onnx, skl2onnx or MATLAB), told apart by the content. An ONNX model's layers are \
      reported under their node names; a symbolic batch size is read as 1, and `inputShape` \
      fixes any other symbolic input dimension. An ONNX node without a finite (or useful) \
      Lipschitz constant — a discontinuity such as `Sign`, a product of two input-dependent \
      tensors such as attention's `MatMul`, an unbounded derivative such as `Exp` — or an \
      operator LipCert does not know is refused with 422, naming the node and its op type.

      The same model and options always give the same numbers; the report carries the model's \
      SHA-256 and the options used so that a certificate can be reproduced.""";

  /** The description of {@code POST /api/v1/projections}. */
  static final String PROJECT_DESCRIPTION =
      """
      Returns the uploaded model with its weights changed so that its certified upper bound is       at most `target`, in the upload's own format: ONNX in, ONNX out (only the changed       initializers differ; names, opset and metadata are kept); LipCert JSON in, JSON out.       `mode=normalize` rescales each weighted layer (`W ← s·W`, spectral normalisation),       `mode=clip` clips its weights element-wise (`W ← clamp(W, −c, c)`; batch normalisations       are rescaled). Budgets come from the graph rule (residual paths included) and are then       raised while the projected file still re-certifies under the target, so the weights       change as little as the search finds. The projected file is loaded back and certified;       the response headers carry its bounds. A model already certified within the target is       returned unchanged.""";

  /** The description of {@code POST /api/v1/clipping/implied-bound}. */
  static final String IMPLIED_BOUND_DESCRIPTION =
      """
      For a clip value `c` (e.g. WGAN's 0.01) — for every layer with a weight tensor, or per       layer with `layerClip=NAME=C` — returns the certified Lipschitz bound that clipping       implies for these layer shapes, whatever the weights: a layer clipped at `c` has       `‖A‖₂ ≤ g·c`, `g = sqrt(m·n)` for a dense layer and       `sqrt((c_in/g)(c_out/g)·k_h·k_w·m_h·m_w)` for a convolution (`m = ⌈k·gcd(s, d)/s⌉`),       composed over the graph. Layers not clipped keep the certified norm of their uploaded       weights.""";

  private static final String API_DESCRIPTION =
      """
      LipCert certifies Lipschitz constants of neural networks.

      **What "certified" means.** An *upper bound* is a proof, not an estimate: for every pair \
      of inputs `x`, `y`, `‖f(x) − f(y)‖ ≤ upper · ‖x − y‖` holds for the weights as uploaded, \
      floating-point rounding being covered by an explicit safety margin. A *lower bound* is a \
      witness: a difference quotient `‖f(x + h·v) − f(x)‖ / (h‖v‖)` actually evaluated, so the \
      true constant lies in `[lower, upper]` and `gap = upper / lower` says how tight the \
      certificate is. A network without a finite constant (for example one with a `sign` \
      layer) is refused with 422 and never given a number.

      Errors are RFC 9457 `application/problem+json` documents whose `type` is \
      `https://lipcert.dev/problems/{slug}`, one of:""";

  private static final String PROBLEM_SCHEMA = "Problem";

  /** The base document: information, license and a server relative to wherever it is served. */
  @Bean
  OpenAPI lipCertOpenApi() {
    return new OpenAPI()
        .info(
            new Info()
                .title("LipCert API")
                .version("v1")
                .description(API_DESCRIPTION + "\n" + problemTypeList())
                .license(new License().name("Apache License 2.0").identifier("Apache-2.0")))
        .servers(List.of(new Server().url("/").description("This service")))
        .components(
            new Components()
                .addSecuritySchemes(
                    API_KEY_SCHEME,
                    new SecurityScheme()
                        .type(SecurityScheme.Type.APIKEY)
                        .in(SecurityScheme.In.HEADER)
                        .name(SecurityConfiguration.HEADER)
                        .description(
                            "Required when the service enables API keys"
                                + " (lipcert.security.enabled): 401 without a key, 403 with one"
                                + " that is not configured. Health, the OpenAPI document and"
                                + " Swagger UI stay open.")))
        .addSecurityItem(new SecurityRequirement().addList(API_KEY_SCHEME));
  }

  /** The name of the API-key security scheme, which Swagger UI's "Authorize" fills in. */
  static final String API_KEY_SCHEME = "apiKey";

  /** Returns the problem types as a Markdown list: slug, status and title. */
  private static String problemTypeList() {
    StringBuilder list = new StringBuilder();
    for (ProblemType type : ProblemType.values()) {
      list.append("\n- `")
          .append(type.slug())
          .append("` (")
          .append(type.status().value())
          .append("): ")
          .append(type.title());
    }
    return list.toString();
  }

  /** Adds the model schema, the request example and the problem responses. */
  @Bean
  OpenApiCustomizer lipCertOpenApiCustomizer() {
    ObjectMapper mapper = Json31.mapper();
    Map<String, Schema> modelSchemas = modelSchemas(mapper, read(mapper, MODEL_SCHEMA_RESOURCE));
    JsonNode example = read(mapper, EXAMPLE_RESOURCE);
    return openApi -> {
      Components components = components(openApi);
      modelSchemas.forEach(components::addSchemas);
      components.addSchemas(PROBLEM_SCHEMA, problemSchema());
      problemResponses().forEach(components::addResponses);
      addModelExample(openApi, example);
      addKeyResponses(openApi);
    };
  }

  /** Adds the 401 and 403 of API keys to every operation under {@code /api/}. */
  private static void addKeyResponses(OpenAPI openApi) {
    if (openApi.getPaths() == null) {
      return;
    }
    openApi
        .getPaths()
        .forEach(
            (path, item) -> {
              if (path.startsWith("/api/")) {
                item.readOperations()
                    .forEach(
                        operation -> {
                          operation
                              .getResponses()
                              .addApiResponse(
                                  "401", new ApiResponse().$ref(UNAUTHORIZED_RESPONSE_REF));
                          operation
                              .getResponses()
                              .addApiResponse(
                                  "403", new ApiResponse().$ref(FORBIDDEN_RESPONSE_REF));
                        });
              }
            });
  }

  /**
   * Returns the model's JSON Schema as component schemas: the document itself under {@value
   * #MODEL_SCHEMA}, and each of its {@code $defs} under {@value #MODEL_SCHEMA}{@code .<name>}, with
   * every {@code #/$defs/…} reference rewritten to point there. The {@code $id} and {@code $schema}
   * keywords go: inside an OpenAPI document, {@code $id} would make {@code #/components/…}
   * references resolve against the schema rather than the document.
   */
  static Map<String, Schema> modelSchemas(ObjectMapper mapper, JsonNode document) {
    ObjectNode root = document.deepCopy();
    root.remove(Set.of("$id", "$schema"));
    JsonNode defs = root.remove("$defs");
    rewriteDefinitionReferences(root);
    Map<String, Schema> schemas = new LinkedHashMap<>();
    schemas.put(MODEL_SCHEMA, toSchema(mapper, root));
    if (defs != null) {
      for (Map.Entry<String, JsonNode> def : defs.properties()) {
        JsonNode schema = def.getValue().deepCopy();
        rewriteDefinitionReferences(schema);
        schemas.put(MODEL_SCHEMA + "." + def.getKey(), toSchema(mapper, schema));
      }
    }
    return schemas;
  }

  private static void rewriteDefinitionReferences(JsonNode node) {
    if (node instanceof ObjectNode object
        && object.get("$ref") instanceof TextNode ref
        && ref.textValue().startsWith("#/$defs/")) {
      object.put(
          "$ref",
          "#/components/schemas/"
              + MODEL_SCHEMA
              + "."
              + ref.textValue().substring("#/$defs/".length()));
    }
    node.forEach(OpenApiConfiguration::rewriteDefinitionReferences);
  }

  private static Schema toSchema(ObjectMapper mapper, JsonNode node) {
    try {
      return mapper.treeToValue(node, Schema.class);
    } catch (IOException e) {
      throw new IllegalStateException("the model schema is not a valid JSON Schema", e);
    }
  }

  private static void addModelExample(OpenAPI openApi, JsonNode example) {
    openApi.getPaths().values().stream()
        .flatMap(path -> path.readOperations().stream())
        .map(Operation::getRequestBody)
        .filter(Objects::nonNull)
        .map(body -> body.getContent())
        .filter(Objects::nonNull)
        .map(content -> content.get(org.springframework.http.MediaType.APPLICATION_JSON_VALUE))
        .filter(media -> media != null && media.getSchema() != null)
        .filter(media -> MODEL_SCHEMA_REF.equals(media.getSchema().get$ref()))
        .forEach(media -> media.setExample(example));
  }

  /** Returns the RFC 9457 problem document's schema, with LipCert's extension members. */
  private static Schema problemSchema() {
    return typed("object")
        .description(
            "An RFC 9457 problem document (application/problem+json). Clients branch on `type`.")
        .addProperty(
            "type",
            stringProperty("Stable URI of the kind of error, https://lipcert.dev/problems/{slug}")
                .format("uri"))
        .addProperty("title", stringProperty("Short summary of the kind of error"))
        .addProperty("status", typed("integer").format("int32").description("HTTP status"))
        .addProperty("detail", stringProperty("What went wrong in this request, and where"))
        .addProperty("instance", stringProperty("The request path").format("uri-reference"))
        .addProperty("parameter", stringProperty("invalid-parameter: the query parameter at fault"))
        .addProperty(
            "maxBytes",
            typed("integer")
                .format("int64")
                .description("payload-too-large: the upload limit in bytes"))
        .addProperty("node", stringProperty("not-certifiable: the layer or node at fault"))
        .addProperty("opType", stringProperty("not-certifiable: its operation type"))
        .addProperty(
            "reason", stringProperty("not-certifiable: why it has no useful Lipschitz constant"))
        .addProperty("errorId", stringProperty("internal-error: the reference of the logged error"))
        .required(List.of("type", "title", "status"));
  }

  private static Schema<Object> stringProperty(String description) {
    return typed("string").description(description);
  }

  /** Returns an empty schema of one JSON type, in the OpenAPI 3.1 form ({@code types}). */
  private static Schema<Object> typed(String type) {
    return new Schema<>().types(Set.of(type));
  }

  /** Returns the reusable problem responses, by component name, each with examples. */
  private static Map<String, ApiResponse> problemResponses() {
    Map<String, ApiResponse> responses = new LinkedHashMap<>();
    responses.put(
        "BadRequest",
        problemResponse(
            "The model is malformed or invalid, or a query parameter is invalid",
            List.of(
                example(
                    ProblemType.MALFORMED_MODEL,
                    "malformed JSON at line 3, column 14: Unexpected character (']' (code 93))",
                    Map.of()),
                example(
                    ProblemType.MALFORMED_MODEL.slug() + "-onnx",
                    ProblemType.MALFORMED_MODEL.title() + " (ONNX)",
                    ProblemType.MALFORMED_MODEL,
                    "the file is not a valid ONNX model (truncated or corrupt protobuf: While"
                        + " parsing a protocol message, the input ended unexpectedly in the middle"
                        + " of a field.  This could mean either that the input has been truncated"
                        + " or that an embedded message misreported its own length.)",
                    Map.of()),
                example(
                    ProblemType.INVALID_MODEL,
                    "layers[0].weights is ragged: layers[0].weights[1] has shape [3] but"
                        + " layers[0].weights[0] has shape [4]",
                    Map.of()),
                example(
                    ProblemType.INVALID_MODEL.slug() + "-onnx",
                    ProblemType.INVALID_MODEL.title() + " (ONNX)",
                    ProblemType.INVALID_MODEL,
                    "input 'input' has a symbolic dimension 'height' besides the batch axis; give"
                        + " the input shape as a parameter",
                    Map.of()),
                example(
                    ProblemType.INVALID_PARAMETER,
                    "tolerance must lie in (0, 1), got 2.0",
                    Map.of("parameter", "tolerance")))));
    responses.put(
        "PayloadTooLarge",
        problemResponse(
            "The upload exceeds lipcert.max-upload-size",
            List.of(
                example(
                    ProblemType.PAYLOAD_TOO_LARGE,
                    "the model is 70000000 bytes; the limit is 67108864 bytes",
                    Map.of("maxBytes", 67108864L)))));
    responses.put(
        "UnsupportedMediaType",
        problemResponse(
            "The body is neither application/json, application/octet-stream nor"
                + " multipart/form-data",
            List.of(
                example(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type 'text/plain' is not supported; send the model as"
                        + " application/json, application/octet-stream, multipart/form-data"
                        + " (multipart: in the part 'model')",
                    Map.of()))));
    responses.put(
        "NotCertifiable",
        problemResponse(
            "The network has no finite (or no useful) Lipschitz constant",
            List.of(
                notCertifiable(
                    ProblemType.NOT_CERTIFIABLE.slug(),
                    ProblemType.NOT_CERTIFIABLE.title() + " (ONNX)",
                    "/blocks.0/attn/MatMul",
                    "MatMul",
                    "no finite Lipschitz constant: product of two input-dependent tensors"),
                notCertifiable(
                    ProblemType.NOT_CERTIFIABLE.slug() + "-json",
                    ProblemType.NOT_CERTIFIABLE.title() + " (LipCert JSON)",
                    "layer1",
                    "sign",
                    "no finite Lipschitz constant: sign is discontinuous at 0"))));
    responses.put(
        "TargetUnreachable",
        problemResponse(
            "No projection of the model reaches the target",
            List.of(
                example(
                    ProblemType.TARGET_UNREACHABLE,
                    "no weights reach the target 0.5: the layers without weights alone (identity"
                        + " paths, poolings) give a bound of 1.0000000000000002",
                    Map.of()))));
    responses.put(
        "Busy",
        problemResponse(
            "The service is at capacity; retry after Retry-After seconds",
            List.of(
                example(
                    ProblemType.TOO_MANY_REQUESTS,
                    "all 2 certification slots are busy"
                        + " (lipcert.limits.max-concurrent-certifications); retry later, or submit"
                        + " the model as a job to POST /api/v1/jobs",
                    Map.of("retryAfterSeconds", 5)),
                example(
                    ProblemType.SERVICE_UNAVAILABLE,
                    "the job queue is full (16 waiting, lipcert.jobs.queue-capacity); retry later",
                    Map.of("retryAfterSeconds", 5)))));
    responses.put(
        "Unauthorized",
        problemResponse(
            "API keys are enabled and the request has no X-API-Key",
            List.of(
                example(
                    ProblemType.UNAUTHORIZED,
                    "this service requires an API key: send it in the header X-API-Key",
                    Map.of()))));
    responses.put(
        "Forbidden",
        problemResponse(
            "The X-API-Key is not one of the configured keys",
            List.of(
                example(
                    ProblemType.FORBIDDEN,
                    "the key in X-API-Key is not one of the configured keys",
                    Map.of()))));
    responses.put(
        "InternalError",
        problemResponse(
            "A bug; the server log has the details under errorId",
            List.of(
                example(
                    ProblemType.INTERNAL_ERROR,
                    "an internal error occurred; it has been logged under the errorId of this"
                        + " problem",
                    Map.of("errorId", "3f2b8c1e-6a53-4f0e-9d57-0c1f2e4b7a90")))));
    return responses;
  }

  private static ApiResponse problemResponse(
      String description, List<Map.Entry<String, Example>> examples) {
    MediaType media =
        new MediaType().schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM_SCHEMA));
    for (Map.Entry<String, Example> example : examples) {
      media.addExamples(example.getKey(), example.getValue());
    }
    return new ApiResponse()
        .description(description)
        .content(
            new Content()
                .addMediaType(
                    org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE, media));
  }

  /** Returns the example of a 422 problem, whose detail joins node, op type and reason. */
  private static Map.Entry<String, Example> notCertifiable(
      String name, String summary, String node, String opType, String reason) {
    return example(
        name,
        summary,
        ProblemType.NOT_CERTIFIABLE,
        "node '" + node + "' (" + opType + "): " + reason,
        Map.of("node", node, "opType", opType, "reason", reason));
  }

  /** Returns an example named after its problem type. */
  private static Map.Entry<String, Example> example(
      ProblemType type, String detail, Map<String, Object> properties) {
    return example(type.slug(), type.title(), type, detail, properties);
  }

  /** Returns a named example of a problem document. */
  private static Map.Entry<String, Example> example(
      String name,
      String summary,
      ProblemType type,
      String detail,
      Map<String, Object> properties) {
    Map<String, Object> problem = new LinkedHashMap<>();
    problem.put("type", type.uri().toString());
    problem.put("title", type.title());
    problem.put("status", type.status().value());
    problem.put("detail", detail);
    problem.put("instance", CertificateController.PATH);
    problem.putAll(properties);
    return Map.entry(name, new Example().summary(summary).value(problem));
  }

  private static Components components(OpenAPI openApi) {
    if (openApi.getComponents() == null) {
      openApi.setComponents(new Components());
    }
    return openApi.getComponents();
  }

  private static JsonNode read(ObjectMapper mapper, String resource) {
    try (InputStream in = new ClassPathResource(resource).getInputStream()) {
      return mapper.readTree(in);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the classpath resource " + resource, e);
    }
  }
}
