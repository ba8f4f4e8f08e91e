package org.lipcert.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.util.UUID;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.MalformedModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.advice.Projection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * Turns every failure of a request into an RFC 9457 {@code application/problem+json} document: a
 * stable {@code type} URI per kind of error ({@link ProblemType}), its human {@code title}, a
 * {@code detail} naming the culprit (the JSON path, the parameter, the node), and {@code instance},
 * the request path.
 *
 * <p>LipCert's own exceptions have a handler each; the framework's (404, 405, 415, oversize
 * multipart, …) are handled by {@link ResponseEntityExceptionHandler} and given their type in
 * {@link #handleExceptionInternal}, the single exit every problem goes through.
 *
 * <p>Logging: client errors (4xx) at INFO, one line with the method, path, status and type and
 * never any model content (the detail, which may quote names from the model, only at DEBUG); server
 * errors (5xx) at ERROR with the stack trace, under an {@code errorId} that the response carries
 * instead of any internal detail.
 */
@RestControllerAdvice
class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);

  /** The type of a problem that is just its status (RFC 9457 §4.2.1), the framework's default. */
  private static final URI ABOUT_BLANK = URI.create("about:blank");

  private final long maxUploadBytes;

  private final ObjectProvider<MeterRegistry> registry;

  ProblemDetailsAdvice(LipCertProperties properties, ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
    this.maxUploadBytes = properties.maxUploadBytes();
  }

  /**
   * 400 {@code malformed-model}: the upload is not a parsable model (neither JSON nor an ONNX
   * protobuf, truncated, empty, nested too deeply); for JSON the detail gives the line and column.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleMalformedModel(MalformedModelException ex, WebRequest request) {
    return problem(ex, ProblemType.MALFORMED_MODEL, ex.getMessage(), request);
  }

  /**
   * 400 {@code invalid-model}: a parsable model that is inconsistent (ragged or mismatched shapes,
   * NaN or infinite weights, unknown layers, ONNX external data, an input shape that does not fit);
   * the detail names the layer and the JSON path, or the ONNX node, tensor or input.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleInvalidModel(InvalidModelException ex, WebRequest request) {
    return problem(ex, ProblemType.INVALID_MODEL, ex.getMessage(), request);
  }

  /** 400 {@code invalid-parameter}: a query parameter out of range; property {@code parameter}. */
  @ExceptionHandler
  ResponseEntity<Object> handleInvalidParameter(InvalidParameterException ex, WebRequest request) {
    ProblemDetail problem = problemDetail(ProblemType.INVALID_PARAMETER, ex.getMessage());
    problem.setProperty("parameter", ex.parameter());
    return handleExceptionInternal(ex, problem, new HttpHeaders(), statusOf(problem), request);
  }

  /**
   * 400 {@code bad-request}: the body could not be read to its end (client gone, broken transfer
   * encoding).
   */
  @ExceptionHandler
  ResponseEntity<Object> handleUnreadableUpload(UnreadableUploadException ex, WebRequest request) {
    return problem(ex, ProblemType.BAD_REQUEST, ex.getMessage(), request);
  }

  /**
   * 400 {@code bad-request}: a multipart body that cannot be parsed (no boundary, truncated). The
   * oversize case, {@link MaxUploadSizeExceededException}, is more specific and handled as 413.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleMultipart(MultipartException ex, WebRequest request) {
    return problem(
        ex,
        ProblemType.BAD_REQUEST,
        "the multipart/form-data body could not be parsed; send the model as the part '"
            + ModelUploadReader.MODEL_PART
            + "'",
        request);
  }

  /** 400 {@code bad-request}: a multipart request without the part {@code model}. */
  @Override
  protected ResponseEntity<Object> handleMissingServletRequestPart(
      MissingServletRequestPartException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        problemDetail(
            ProblemType.BAD_REQUEST,
            "the multipart request has no part '"
                + ex.getRequestPartName()
                + "'; send the model file in it, e.g. curl -F "
                + ex.getRequestPartName()
                + "=@model.json");
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  /**
   * 413 {@code payload-too-large}: a raw body over the cap, by {@code Content-Length} or counted;
   * property {@code maxBytes}.
   */
  @ExceptionHandler
  ResponseEntity<Object> handlePayloadTooLarge(PayloadTooLargeException ex, WebRequest request) {
    return payloadTooLarge(ex, ex.getMessage(), ex.maxBytes(), request);
  }

  /** 413 {@code payload-too-large}: a multipart upload over the cap, refused by the container. */
  @Override
  protected ResponseEntity<Object> handleMaxUploadSizeExceededException(
      MaxUploadSizeExceededException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    return payloadTooLarge(
        ex,
        "the upload exceeds the limit of " + maxUploadBytes + " bytes",
        maxUploadBytes,
        request);
  }

  /**
   * 415 {@code unsupported-media-type}: neither {@code application/json}, {@code
   * application/octet-stream} nor {@code multipart/form-data}; the {@code Accept} header lists what
   * is supported.
   */
  @Override
  protected ResponseEntity<Object> handleHttpMediaTypeNotSupported(
      HttpMediaTypeNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    String given = ex.getContentType() == null ? "none" : "'" + ex.getContentType() + "'";
    ProblemDetail problem =
        problemDetail(
            ProblemType.UNSUPPORTED_MEDIA_TYPE,
            "Content-Type "
                + given
                + " is not supported; send the model as "
                + MediaType.toString(ex.getSupportedMediaTypes())
                + " (multipart: in the part '"
                + ModelUploadReader.MODEL_PART
                + "')");
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  /** 405 {@code method-not-allowed}: the detail names the method, {@code Allow} the others. */
  @Override
  protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(
      HttpRequestMethodNotSupportedException ex,
      HttpHeaders headers,
      HttpStatusCode status,
      WebRequest request) {
    ProblemDetail problem =
        problemDetail(
            ProblemType.METHOD_NOT_ALLOWED,
            ex.getMethod() + " is not supported on " + path(request) + allowed(ex));
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  /** 404 {@code not-found}: no endpoint at this path; the detail names it. */
  @Override
  protected ResponseEntity<Object> handleNoResourceFoundException(
      NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ProblemDetail problem =
        problemDetail(
            ProblemType.NOT_FOUND,
            "no endpoint at "
                + ex.getHttpMethod()
                + " "
                + path(request)
                + "; the API is POST "
                + CertificateController.PATH);
    return handleExceptionInternal(ex, problem, headers, status, request);
  }

  /**
   * 422 {@code not-certifiable}: the model has no finite (or no useful) Lipschitz constant;
   * properties {@code node}, {@code opType} and {@code reason}.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleUncertifiable(UncertifiableModelException ex, WebRequest request) {
    ProblemDetail problem = problemDetail(ProblemType.NOT_CERTIFIABLE, ex.getMessage());
    problem.setProperty("node", ex.node());
    problem.setProperty("opType", ex.opType());
    problem.setProperty("reason", ex.reason());
    return handleExceptionInternal(ex, problem, new HttpHeaders(), statusOf(problem), request);
  }

  /**
   * 422 {@code target-unreachable}: a projection that cannot reach its target; the detail says why.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleProjection(Projection.ProjectionException ex, WebRequest request) {
    return problem(ex, ProblemType.TARGET_UNREACHABLE, ex.getMessage(), request);
  }

  /**
   * 429 {@code too-many-requests} (every certification slot busy) or 503 {@code
   * service-unavailable} (the job queue full), with {@code Retry-After}; property {@code
   * retryAfterSeconds}.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleBusy(BusyException ex, WebRequest request) {
    ProblemDetail problem = problemDetail(ex.type(), ex.getMessage());
    problem.setProperty("retryAfterSeconds", ex.retryAfterSeconds());
    HttpHeaders headers = new HttpHeaders();
    headers.set(HttpHeaders.RETRY_AFTER, Long.toString(ex.retryAfterSeconds()));
    return handleExceptionInternal(ex, problem, headers, ex.type().status(), request);
  }

  /** 404 {@code not-found}: an unknown job id, or a job finished longer ago than its retention. */
  @ExceptionHandler
  ResponseEntity<Object> handleJobNotFound(JobNotFoundException ex, WebRequest request) {
    return problem(ex, ProblemType.NOT_FOUND, ex.getMessage(), request);
  }

  /**
   * 500 {@code internal-error}: anything else, which is a bug. Logged at ERROR with the stack trace
   * under a fresh {@code errorId}; the response carries only that id, never internals.
   */
  @ExceptionHandler
  ResponseEntity<Object> handleUnexpected(Exception ex, WebRequest request) {
    return problem(
        ex,
        ProblemType.INTERNAL_ERROR,
        "an internal error occurred; it has been logged under the errorId of this problem",
        request);
  }

  /**
   * The exit of every handler: completes the problem (type, title and instance when the framework
   * built it), and logs it.
   */
  @Override
  protected ResponseEntity<Object> handleExceptionInternal(
      Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
    ResponseEntity<Object> response =
        super.handleExceptionInternal(ex, body, headers, status, request);
    if (response != null && response.getBody() instanceof ProblemDetail problem) {
      complete(problem, response.getStatusCode(), request);
      log(ex, problem, request);
      countRejection(problem);
    }
    return response;
  }

  /**
   * Counts requests refused for what they would cost — 413, 429, 503 — in {@code
   * lipcert.requests.rejected}, tagged with the problem's slug.
   */
  private void countRejection(ProblemDetail problem) {
    int status = problem.getStatus();
    if (status == 413 || status == 429 || status == 503) {
      registry.ifAvailable(
          r ->
              Counter.builder("lipcert.requests.rejected")
                  .description("Requests refused for their size or for lack of capacity")
                  .tag("reason", slug(problem))
                  .register(r)
                  .increment());
    }
  }

  private ResponseEntity<Object> problem(
      Exception ex, ProblemType type, String detail, WebRequest request) {
    ProblemDetail problem = problemDetail(type, detail);
    return handleExceptionInternal(ex, problem, new HttpHeaders(), type.status(), request);
  }

  private ResponseEntity<Object> payloadTooLarge(
      Exception ex, String detail, long maxBytes, WebRequest request) {
    ProblemDetail problem = problemDetail(ProblemType.PAYLOAD_TOO_LARGE, detail);
    problem.setProperty("maxBytes", maxBytes);
    return handleExceptionInternal(ex, problem, new HttpHeaders(), statusOf(problem), request);
  }

  private static HttpStatusCode statusOf(ProblemDetail problem) {
    return HttpStatusCode.valueOf(problem.getStatus());
  }

  /** Returns a problem of the given kind, with its type URI, title, status and detail. */
  static ProblemDetail problemDetail(ProblemType type, String detail) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(type.status(), detail);
    problem.setType(type.uri());
    problem.setTitle(type.title());
    return problem;
  }

  /** Gives a framework-built problem its LipCert type and title, and every problem its instance. */
  private static void complete(ProblemDetail problem, HttpStatusCode status, WebRequest request) {
    if (problem.getType() == null || ABOUT_BLANK.equals(problem.getType())) {
      ProblemType.forStatus(status)
          .ifPresent(
              type -> {
                problem.setType(type.uri());
                problem.setTitle(type.title());
              });
    }
    if (problem.getInstance() == null) {
      problem.setInstance(instance(request));
    }
    if (status.is5xxServerError()) {
      problem.setProperty("errorId", UUID.randomUUID().toString());
    }
  }

  private static void log(Exception ex, ProblemDetail problem, WebRequest request) {
    String type = slug(problem);
    if (problem.getStatus() == 500) {
      log.error(
          "{} {} -> {} {} (errorId {})",
          method(request),
          path(request),
          problem.getStatus(),
          type,
          problem.getProperties() == null ? null : problem.getProperties().get("errorId"),
          ex);
    } else {
      log.info("{} {} -> {} {}", method(request), path(request), problem.getStatus(), type);
      log.debug("{} {}: {}", method(request), path(request), problem.getDetail());
    }
  }

  private static String allowed(HttpRequestMethodNotSupportedException ex) {
    String[] methods = ex.getSupportedMethods();
    return methods == null || methods.length == 0 ? "" : "; allowed: " + String.join(", ", methods);
  }

  private static String slug(ProblemDetail problem) {
    String type = String.valueOf(problem.getType());
    return type.startsWith(ProblemType.BASE_URI)
        ? type.substring(ProblemType.BASE_URI.length())
        : type;
  }

  private static URI instance(WebRequest request) {
    try {
      return URI.create(path(request));
    } catch (IllegalArgumentException e) {
      return null; // a path that is not a valid URI reference: leave instance out
    }
  }

  private static String path(WebRequest request) {
    return request instanceof ServletWebRequest servlet
        ? servlet.getRequest().getRequestURI()
        : request.getDescription(false);
  }

  private static String method(WebRequest request) {
    return request instanceof ServletWebRequest servlet ? servlet.getHttpMethod().name() : "?";
  }
}
