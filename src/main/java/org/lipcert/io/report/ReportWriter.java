package org.lipcert.io.report;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Renders a {@link CertificateReport} in one {@link OutputFormat}. Implementations hold no state
 * between calls and are thread-safe.
 */
public interface ReportWriter {

  /**
   * Writes the report as UTF-8 bytes, ending with a line break.
   *
   * @param report the report; not modified
   * @param out where to write; flushed, not closed
   * @throws IOException if writing to {@code out} fails
   */
  void write(CertificateReport report, OutputStream out) throws IOException;
}
