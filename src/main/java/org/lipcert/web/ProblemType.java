package org.lipcert.web;

import java.net.URI;
import java.util.Arrays;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;

/**
 * The kinds of error the API reports, each with a stable {@code type} URI ({@value #BASE_URI}
 * followed by the slug), the HTTP status it is sent with, and a short human title (RFC 9457 §3.1).
 *
 * <p>Clients branch on {@link #uri()}; the slugs never change meaning. The {@code detail} member of
 * a problem says what went wrong in this request.
 */
enum ProblemType {
  /** 400: the bytes are not a parsable model (neither JSON nor ONNX protobuf, truncated, empty). */
  MALFORMED_MODEL("malformed-model", HttpStatus.BAD_REQUEST, "Malformed model"),
  /**
   * 400: a parsable model that is inconsistent: ragged or mismatched shapes, NaN or infinite
   * weights, unknown layer types or properties; for ONNX also tensors whose declared size does not
   * match their data, external data, or an input shape that does not fit the model.
   */
  INVALID_MODEL("invalid-model", HttpStatus.BAD_REQUEST, "Invalid model"),
  /** 400: a query parameter that cannot be parsed or is out of range. */
  INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "Invalid parameter"),
  /** 400: any other unusable request (no part {@code model}, a broken multipart body, …). */
  BAD_REQUEST("bad-request", HttpStatus.BAD_REQUEST, "Bad request"),
  /**
   * 401: API keys are enabled ({@code lipcert.security.enabled}) and the request has no {@code
   * X-API-Key}; sent with {@code WWW-Authenticate}.
   */
  UNAUTHORIZED("unauthorized", HttpStatus.UNAUTHORIZED, "API key required"),
  /** 403: the request's {@code X-API-Key} is not one of the configured keys. */
  FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "API key not accepted"),
  /** 404: no endpoint at this path. */
  NOT_FOUND("not-found", HttpStatus.NOT_FOUND, "Not found"),
  /** 405: the path exists, not with this HTTP method. */
  METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
  /** 406: the client accepts none of the media types the endpoint produces. */
  NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
  /** 413: the upload exceeds {@code lipcert.max-upload-size}. */
  PAYLOAD_TOO_LARGE("payload-too-large", HttpStatus.CONTENT_TOO_LARGE, "Payload too large"),
  /** 415: the request's {@code Content-Type} is not one the endpoint consumes. */
  UNSUPPORTED_MEDIA_TYPE(
      "unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
  /**
   * 422: a well-formed model with no finite (or no useful) Lipschitz constant; the problem names
   * the {@code node}, its {@code opType} and the {@code reason} (DESIGN §1.3).
   */
  NOT_CERTIFIABLE("not-certifiable", HttpStatus.UNPROCESSABLE_CONTENT, "Model not certifiable"),
  /**
   * 422: {@code POST /api/v1/projections} cannot reach its target: the layers without weights alone
   * exceed it (the identity path of a residual block with {@code K < 1}), a layer's weights are
   * computed by the graph rather than stored in one initializer, or no margin re-certified.
   */
  TARGET_UNREACHABLE("target-unreachable", HttpStatus.UNPROCESSABLE_CONTENT, "Target not reached"),
  /**
   * 429: every certification slot is busy ({@code lipcert.limits.max-concurrent-certifications});
   * sent with {@code Retry-After}.
   */
  TOO_MANY_REQUESTS("too-many-requests", HttpStatus.TOO_MANY_REQUESTS, "Too many requests"),
  /** 500: a bug; the details are in the server log under the problem's {@code errorId}. */
  INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error"),
  /**
   * 503: the service cannot take the request now (the job queue is full); retry later, as {@code
   * Retry-After} says.
   */
  SERVICE_UNAVAILABLE("service-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Service unavailable");

  /** The prefix of every problem type URI. */
  static final String BASE_URI = "https://lipcert.dev/problems/";

  private final String slug;
  private final HttpStatus status;
  private final String title;

  ProblemType(String slug, HttpStatus status, String title) {
    this.slug = slug;
    this.status = status;
    this.title = title;
  }

  /** Returns the last segment of the type URI, e.g. {@code invalid-model}. */
  String slug() {
    return slug;
  }

  /** Returns the HTTP status this kind of problem is sent with. */
  HttpStatus status() {
    return status;
  }

  /** Returns the short human summary, the same for every occurrence (RFC 9457 {@code title}). */
  String title() {
    return title;
  }

  /** Returns the stable type URI, {@value #BASE_URI} followed by the slug. */
  URI uri() {
    return URI.create(BASE_URI + slug);
  }

  /**
   * Returns the generic kind for a status raised by the framework rather than by LipCert, such as
   * 405 for a wrong method.
   *
   * @param status the response status
   * @return the kind of that status, or empty when none is defined (the problem then keeps the type
   *     {@code about:blank} and the status phrase as title)
   */
  static Optional<ProblemType> forStatus(HttpStatusCode status) {
    if (status.value() == HttpStatus.BAD_REQUEST.value()) {
      return Optional.of(BAD_REQUEST); // the specific 400 kinds are raised by LipCert itself
    }
    return Arrays.stream(values())
        .filter(type -> type.status.value() == status.value())
        .findFirst();
  }
}
