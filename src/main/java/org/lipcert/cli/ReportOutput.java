package org.lipcert.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.lipcert.io.report.CertificateReport;
import org.lipcert.io.report.OutputFormat;

/**
 * Sends a rendered report to standard output or to a file. The report is rendered completely before
 * anything is written, so a failure leaves standard output empty.
 */
final class ReportOutput {

  private ReportOutput() {}

  /**
   * Renders and writes a report.
   *
   * @param report the report
   * @param model the certified model file as the user named it; the JUnit, SARIF and Markdown
   *     reports name it
   * @param format the output format
   * @param file the file to write, replacing it; {@code null} for standard output
   * @param stdout standard output
   * @throws InputException if the file cannot be written
   */
  static void write(
      CertificateReport report, Path model, OutputFormat format, Path file, PrintWriter stdout) {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    try {
      format.writer(model).write(report, buffer);
    } catch (IOException e) {
      throw new IllegalStateException("writing to memory cannot fail", e);
    }
    if (file == null) {
      stdout.print(buffer.toString(StandardCharsets.UTF_8));
      stdout.flush();
      return;
    }
    try {
      Files.write(file, buffer.toByteArray());
    } catch (NoSuchFileException e) {
      throw new InputException(file + ": cannot write the report: the directory does not exist", e);
    } catch (AccessDeniedException e) {
      throw new InputException(file + ": cannot write the report: permission denied", e);
    } catch (IOException e) {
      throw new InputException(file + ": cannot write the report: " + e.getMessage(), e);
    }
  }
}
