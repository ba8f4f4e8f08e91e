package org.lipcert.cli;

import picocli.CommandLine.IVersionProvider;

/**
 * The version shown by {@code --version}: the {@code Implementation-Version} of the jar's manifest,
 * or {@code dev} when running from classes that are not in a jar (an IDE, the tests).
 */
final class ManifestVersionProvider implements IVersionProvider {

  /** Returns the version of LipCert: the manifest's, or {@code dev}. */
  static String version() {
    String version = Main.class.getPackage().getImplementationVersion();
    return version == null || version.isBlank() ? "dev" : version;
  }

  @Override
  public String[] getVersion() {
    return new String[] {"lipcert " + version()};
  }
}
