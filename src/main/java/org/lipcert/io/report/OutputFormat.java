package org.lipcert.io.report;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The formats a {@link CertificateReport} can be written in, each with its {@link ReportWriter}.
 *
 * <p>A new format (JUnit XML, SARIF, Markdown) is a new constant, its identifier and its writer;
 * the CLI's {@code --format} option lists the constants, so it needs no change.
 */
public enum OutputFormat {
  /** The report as pretty-printed JSON, the same schema as the REST API's response body. */
  JSON("json"),
  /** A human-readable summary: a layer table, the network bounds, the gate verdict, timings. */
  TEXT("text");

  private final String id;

  OutputFormat(String id) {
    this.id = id;
  }

  /** Returns the identifier used on the command line: {@code json}, {@code text}. */
  public String id() {
    return id;
  }

  /** Returns a writer for this format. */
  public ReportWriter writer() {
    return switch (this) {
      case JSON -> new JsonReportWriter();
      case TEXT -> new TextReportWriter();
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
