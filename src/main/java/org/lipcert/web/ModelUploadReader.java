package org.lipcert.web;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartException;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.multipart.support.MissingServletRequestPartException;
import org.springframework.web.util.WebUtils;

/**
 * Reads the uploaded model out of a request, raw body or multipart part {@value #MODEL_PART}, never
 * holding more than {@code lipcert.max-upload-size} plus one byte.
 *
 * <p>A raw body is refused up front when its {@code Content-Length} exceeds the cap, and otherwise
 * counted while read, which also covers chunked bodies that declare no length. Multipart uploads
 * are first bounded by the servlet container ({@code spring.servlet.multipart.*}, set to the same
 * cap), and counted here again.
 */
@Component
class ModelUploadReader {

  /** The name of the multipart part that carries the model. */
  static final String MODEL_PART = "model";

  private final long maxBytes;

  /**
   * Creates the reader.
   *
   * @param properties supplies the cap
   */
  ModelUploadReader(LipCertProperties properties) {
    this.maxBytes = properties.maxUploadBytes();
  }

  /**
   * Returns the model's bytes.
   *
   * @param request a raw-body or {@code multipart/form-data} request
   * @return the content of the body or of the part {@value #MODEL_PART}
   * @throws PayloadTooLargeException if the model exceeds the cap
   * @throws MissingServletRequestPartException if a multipart request has no part {@value
   *     #MODEL_PART}
   * @throws UnreadableUploadException if the body cannot be read to its end
   */
  byte[] read(HttpServletRequest request) throws MissingServletRequestPartException {
    return WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class) != null
        ? readPart(request)
        : readBounded(openBody(request), request.getContentLengthLong());
  }

  private byte[] readPart(HttpServletRequest request) throws MissingServletRequestPartException {
    Part part = modelPart(request);
    if (part == null) {
      throw new MissingServletRequestPartException(MODEL_PART);
    }
    try (InputStream in = part.getInputStream()) {
      return readBounded(in, part.getSize());
    } catch (IOException e) {
      throw new UnreadableUploadException("the part '" + MODEL_PART + "' could not be read", e);
    }
  }

  /**
   * Returns the part, with or without a file name ({@code curl -F model=@f} or {@code model=<f}).
   */
  private static Part modelPart(HttpServletRequest request) {
    try {
      return request.getPart(MODEL_PART);
    } catch (IOException | ServletException e) {
      throw new MultipartException("the multipart body could not be parsed", e);
    }
  }

  private static InputStream openBody(HttpServletRequest request) {
    try {
      return request.getInputStream();
    } catch (IOException e) {
      throw new UnreadableUploadException("the request body could not be read", e);
    }
  }

  /**
   * Reads a stream to its end, refusing it as soon as it is known to exceed the cap.
   *
   * @param in the content; not closed
   * @param declaredLength its declared length, or {@code -1} when unknown
   * @return the content
   */
  private byte[] readBounded(InputStream in, long declaredLength) {
    if (declaredLength > maxBytes) {
      throw new PayloadTooLargeException(maxBytes, declaredLength);
    }
    byte[] bytes;
    try {
      bytes = in.readNBytes(Math.toIntExact(maxBytes + 1));
    } catch (IOException e) {
      throw new UnreadableUploadException(
          "the upload could not be read to its end (interrupted, or a broken transfer encoding)",
          e);
    }
    if (bytes.length > maxBytes) {
      throw new PayloadTooLargeException(maxBytes, -1);
    }
    return bytes;
  }
}
