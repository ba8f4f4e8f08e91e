package org.lipcert.cli;

import picocli.CommandLine.Option;

/**
 * The {@code --verbose} flag: on an error, print the stack trace after the one-line message. {@link
 * Main} reads it from the parse result, so it works wherever it appears on the command line.
 */
final class VerboseMixin {

  /** The option's name, as {@link Main} looks it up. */
  static final String NAME = "--verbose";

  @Option(names = NAME, description = "On an error, also print the stack trace.")
  private boolean verbose;
}
