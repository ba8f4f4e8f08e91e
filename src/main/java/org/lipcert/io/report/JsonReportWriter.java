package org.lipcert.io.report;

import java.io.IOException;
import java.io.OutputStream;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes a report as pretty-printed JSON: the records serialized as they are, so the document has
 * the same schema as the body of {@code POST /api/v1/certificates}. Absent values ({@code gate}
 * without a threshold, a {@code gap} whose lower bound is 0) are left out, never written as {@code
 * null}, {@code NaN} or {@code Infinity}.
 */
public final class JsonReportWriter implements ReportWriter {

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  /**
   * Writes any report record ({@link ImpliedBoundReport}, {@link ProjectionReport}) the same way.
   *
   * @param report the record
   * @param out the stream, flushed, not closed
   * @throws IOException if writing fails
   */
  public static void writeValue(Object report, OutputStream out) throws IOException {
    MAPPER.writeValue(out, report);
    out.write('\n');
    out.flush();
  }

  @Override
  public void write(CertificateReport report, OutputStream out) throws IOException {
    MAPPER.writeValue(out, report);
    out.write('\n');
    out.flush();
  }
}
