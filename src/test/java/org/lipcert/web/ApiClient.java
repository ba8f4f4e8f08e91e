package org.lipcert.web;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A plain HTTP/1.1 client for the service under test, so that the tests control the exact bytes and
 * headers sent (including chunked bodies without a length) and see the raw response.
 */
final class ApiClient {

  /** The endpoint under test. */
  static final String CERTIFICATES = "/api/v1/certificates";

  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String BOUNDARY = "lipcert-test-boundary-7f3a";

  private final HttpClient http =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI base;

  ApiClient(int port) {
    this.base = URI.create("http://localhost:" + port);
  }

  /** Posts a raw body with a {@code Content-Length}; no {@code Content-Type} if it is null. */
  Response post(String pathAndQuery, String contentType, byte[] body) {
    HttpRequest.Builder request = request(pathAndQuery);
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    return send(request, body(body));
  }

  /** Posts a raw body with a {@code Content-Length} and an {@code Accept} header. */
  Response post(String pathAndQuery, String contentType, String accept, byte[] body) {
    return send(
        request(pathAndQuery).header("Content-Type", contentType).header("Accept", accept),
        body(body));
  }

  /**
   * Posts a raw body with a {@code Content-Length}, an {@code Accept} and an {@code X-Request-Id}.
   */
  Response post(
      String pathAndQuery, String contentType, String accept, byte[] body, String requestId) {
    return send(
        request(pathAndQuery)
            .header("Content-Type", contentType)
            .header("Accept", accept)
            .header("X-Request-Id", requestId),
        body(body));
  }

  /** Posts a raw body with an {@code X-API-Key}. */
  Response postWithKey(String pathAndQuery, String contentType, byte[] body, String key) {
    return send(
        request(pathAndQuery).header("Content-Type", contentType).header("X-API-Key", key),
        body(body));
  }

  /** Posts a raw body as a chunked stream, without {@code Content-Length}. */
  Response postChunked(String pathAndQuery, String contentType, byte[] body) {
    BodyPublisher chunked = BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body));
    return send(request(pathAndQuery).header("Content-Type", contentType), chunked);
  }

  /**
   * Posts a {@code multipart/form-data} body with one part: a file part, or a plain form field when
   * {@code fileName} is {@code null} (as {@code curl -F 'model=<file'} sends it).
   */
  Response postMultipart(String pathAndQuery, String partName, String fileName, byte[] content) {
    return send(
        request(pathAndQuery).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY),
        body(multipart(partName, fileName, content)));
  }

  /** Sends a GET. */
  Response get(String pathAndQuery) {
    return send(request(pathAndQuery), null);
  }

  /** Sends a GET with one extra header. */
  Response get(String pathAndQuery, String header, String value) {
    return send(request(pathAndQuery).header(header, value), null);
  }

  /** Sends a DELETE. */
  Response delete(String pathAndQuery) {
    return send(request(pathAndQuery).DELETE(), null);
  }

  /**
   * Reads a Server-Sent-Event stream to its end (or {@code timeout}) and returns its events in
   * order.
   */
  java.util.List<Event> events(String pathAndQuery, Duration timeout) {
    HttpRequest request =
        HttpRequest.newBuilder(base.resolve(pathAndQuery))
            .timeout(timeout)
            .header("Accept", "text/event-stream")
            .GET()
            .build();
    java.util.List<Event> events = new java.util.ArrayList<>();
    try {
      var response = http.send(request, BodyHandlers.ofLines());
      if (response.statusCode() != 200) {
        throw new AssertionError("event stream answered " + response.statusCode());
      }
      String name = "message";
      StringBuilder data = new StringBuilder();
      for (String line : (Iterable<String>) response.body()::iterator) {
        if (line.isEmpty()) {
          if (data.length() > 0) {
            events.add(new Event(name, data.toString()));
          }
          name = "message";
          data.setLength(0);
        } else if (line.startsWith("event:")) {
          name = line.substring("event:".length()).strip();
        } else if (line.startsWith("data:")) {
          data.append(data.length() > 0 ? "\n" : "").append(line.substring("data:".length()));
        }
      }
      if (data.length() > 0) {
        events.add(new Event(name, data.toString()));
      }
      return events;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * One Server-Sent Event.
   *
   * @param name its {@code event} field
   * @param data its {@code data}
   */
  record Event(String name, String data) {

    /** Returns the data parsed as JSON. */
    JsonNode json() {
      return JsonMapper.shared().readTree(data);
    }
  }

  private HttpRequest.Builder request(String pathAndQuery) {
    return HttpRequest.newBuilder(base.resolve(pathAndQuery)).timeout(TIMEOUT);
  }

  private Response send(HttpRequest.Builder request, BodyPublisher body) {
    HttpRequest built = (body == null ? request : request.POST(body)).build();
    try {
      var response = http.send(built, BodyHandlers.ofByteArray());
      return new Response(response.statusCode(), response.headers(), response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static BodyPublisher body(byte[] bytes) {
    return BodyPublishers.ofByteArray(bytes);
  }

  /**
   * Returns a multipart body whose single part holds exactly {@code content}: a file part, or a
   * form field when {@code fileName} is {@code null}.
   */
  static byte[] multipart(String partName, String fileName, byte[] content) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String head =
        "--"
            + BOUNDARY
            + "\r\nContent-Disposition: form-data; name=\""
            + partName
            + (fileName == null
                ? "\"\r\n\r\n"
                : "\"; filename=\""
                    + fileName
                    + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
    out.writeBytes(head.getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  /**
   * Returns the content of a classpath resource, such as {@code openapi/examples/tiny-mlp.json}.
   */
  static byte[] resource(String name) {
    try (InputStream in = ApiClient.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalArgumentException("no classpath resource " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Returns the hex SHA-256 of some bytes. */
  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * A response as received.
   *
   * @param status the HTTP status
   * @param headers the headers
   * @param body the raw body
   */
  record Response(int status, HttpHeaders headers, byte[] body) {

    /** Returns the {@code Content-Type} header, or an empty string. */
    String contentType() {
      return headers.firstValue("Content-Type").orElse("");
    }

    /** Returns the body as UTF-8 text. */
    String text() {
      return new String(body, StandardCharsets.UTF_8);
    }

    /** Returns the body parsed as JSON. */
    JsonNode json() {
      return JsonMapper.shared().readTree(body);
    }
  }
}
