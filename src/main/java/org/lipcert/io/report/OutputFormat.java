package org.lipcert.io.report;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a {@link CertificateReport} can be written in, each with its {@link ReportWriter}.
 *
 * <p>A new format is a new constant, its identifier and its writer; the CLI's {@code --format}
 * option lists the constants, so it needs no change. The CI formats (JUnit XML, SARIF, Markdown)
 * fail the same things, by the rules of {@link GateFindings}.
 */
public enum OutputFormat {
  /** The report as pretty-printed JSON, the same schema as the REST API's response body. */
  JSON("json"),
  /** A human-readable summary: a layer table, the network bounds, the gate verdict, timings. */
  TEXT("text"),
  /**
   * A JUnit XML test report (Surefire format): a test case per layer and one for the network,
   * failed when the gate fails; see {@link JUnitReportWriter}.
   */
  JUNIT("junit"),
  /**
   * A SARIF 2.1.0 log for code-scanning tools: a result per failing layer and for the failing
   * network; see {@link SarifReportWriter}.
   */
  SARIF("sarif"),
  /** A Markdown summary for a pull-request comment; see {@link MarkdownReportWriter}. */
  MARKDOWN("markdown");

  private final String id;

  OutputFormat(String id) {
    this.id = id;
  }

  /** Returns the identifier used on the command line: {@code json}, {@code text}, … */
  public String id() {
    return id;
  }

  /** Returns a writer for this format, for a report whose model file is not known. */
  public ReportWriter writer() {
    return writer(null);
  }

  /**
   * Returns a writer for this format.
   *
   * @param modelFile the certified model file as the user named it, or {@code null}; the JUnit,
   *     SARIF and Markdown reports name it (SARIF as the results' artifact location), the JSON and
   *     text reports do not
   * @return the writer
   */
  public ReportWriter writer(Path modelFile) {
    return switch (this) {
      case JSON -> new JsonReportWriter();
      case TEXT -> new TextReportWriter();
      case JUNIT -> new JUnitReportWriter(modelFile);
      case SARIF -> new SarifReportWriter(modelFile);
      case MARKDOWN -> new MarkdownReportWriter(modelFile);
    };
  }

  /**
   * Returns the format with the given identifier.
   *
   * @param id the identifier, case-insensitive
   * @return the format
   * @throws IllegalArgumentException for an unknown identifier; the message lists the known ones
   */
  public static OutputFormat fromId(String id) {
    String wanted = id.toLowerCase(Locale.ROOT);
    for (OutputFormat format : values()) {
      if (format.id.equals(wanted)) {
        return format;
      }
    }
    throw new IllegalArgumentException(
        "unknown output format '" + id + "'; expected one of: " + ids());
  }

  /** Returns the identifiers of all formats, comma-separated, for messages and help texts. */
  public static String ids() {
    return Arrays.stream(values()).map(OutputFormat::id).collect(Collectors.joining(", "));
  }
}
