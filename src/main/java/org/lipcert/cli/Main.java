package org.lipcert.cli;

/** Placeholder replaced by the CLI implementation. */
public final class Main {

  private Main() {}

  /**
   * Runs a command line.
   *
   * @param args the arguments
   * @return the exit code
   */
  public static int run(String[] args) {
    System.err.println("not implemented");
    return 2;
  }
}
