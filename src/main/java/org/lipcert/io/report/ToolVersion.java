package org.lipcert.io.report;

/** The version of LipCert that writes a report, for the formats that name their tool. */
final class ToolVersion {

  private ToolVersion() {}

  /**
   * Returns the {@code Implementation-Version} of the jar's manifest, or {@code dev} when running
   * from classes that are not in a jar (an IDE, the tests).
   */
  static String current() {
    String version = ToolVersion.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }
}
