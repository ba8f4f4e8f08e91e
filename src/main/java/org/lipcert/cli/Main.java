package org.lipcert.cli;

import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.lipcert.core.advice.Projection;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The command line {@code lipcert certify|gate MODEL …}: parses the arguments, dispatches to the
 * command, and maps every outcome to one of three exit codes, here and nowhere else.
 *
 * <ul>
 *   <li>{@link #EXIT_OK}: a report was produced and, for {@code gate}, the verdict is {@code PASS};
 *   <li>{@link #EXIT_NOT_CERTIFIED}: {@code gate}'s verdict is {@code FAIL} or {@code
 *       FAIL_CERTAIN}; {@code project} cannot reach its target (nothing is written);
 *   <li>{@link #EXIT_ERROR}: a usage error, an unreadable, malformed, invalid or uncertifiable
 *       model, an unwritable output file, or an internal error.
 * </ul>
 *
 * On {@link #EXIT_ERROR} standard output stays empty, so nothing there can be mistaken for a
 * report; standard error gets one line {@code lipcert: <file>: <what is wrong>}, followed by the
 * short usage for a usage error, or by the stack trace with {@code --verbose}.
 */
public final class Main {

  /** Exit code: the report was produced; for {@code gate}, the network is certified ≤ K. */
  public static final int EXIT_OK = 0;

  /**
   * Exit code of {@code gate}: the network is not certified ≤ K ({@code FAIL}, {@code
   * FAIL_CERTAIN}).
   */
  public static final int EXIT_NOT_CERTIFIED = 1;

  /**
   * Exit code: bad usage, bad input or an internal error; nothing was written to standard output.
   */
  public static final int EXIT_ERROR = 2;

  private static final String PROGRAM = "lipcert";

  private Main() {}

  /**
   * Runs a command line on the process's standard output and error.
   *
   * @param args the arguments, e.g. {@code certify model.json --format text}
   * @return the exit code
   */
  public static int run(String[] args) {
    return run(args, System.out, System.err);
  }

  /**
   * Runs a command line.
   *
   * @param args the arguments, e.g. {@code certify model.json --format text}
   * @param out standard output: the report, help and version (UTF-8); flushed, not closed
   * @param err standard error: messages (UTF-8); flushed, not closed
   * @return {@link #EXIT_OK}, {@link #EXIT_NOT_CERTIFIED} or {@link #EXIT_ERROR}
   */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    PrintWriter stdout = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    PrintWriter stderr = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine commandLine = new CommandLine(new LipCertCommand());
    commandLine.setOut(stdout);
    commandLine.setErr(stderr);
    boolean verbose = false;
    try {
      ParseResult parsed = commandLine.parseArgs(args);
      verbose = isVerbose(parsed);
      if (CommandLine.printHelpIfRequested(parsed)) {
        return EXIT_OK;
      }
      return execute(parsed);
    } catch (ParameterException e) {
      stderr.println(PROGRAM + ": " + oneLine(e.getMessage()));
      if (e instanceof UnmatchedArgumentException unmatched) {
        UnmatchedArgumentException.printSuggestions(unmatched, stderr);
      }
      CommandLine failed = e.getCommandLine();
      stderr.print(failed.getHelp().fullSynopsis());
      stderr.println(
          "Try '" + failed.getCommandSpec().qualifiedName() + " --help' for more information.");
      return EXIT_ERROR;
    } catch (InputException e) {
      return error(stderr, oneLine(e.getMessage()), e, verbose);
    } catch (Projection.ProjectionException e) {
      stderr.println(PROGRAM + ": target not reached: " + oneLine(e.getMessage()));
      if (verbose) {
        e.printStackTrace(stderr);
      }
      return EXIT_NOT_CERTIFIED;
    } catch (OutOfMemoryError e) {
      return error(
          stderr,
          "out of memory; give the JVM more heap, e.g. java -Xmx8g -jar lipcert.jar ...",
          e,
          verbose);
    } catch (Exception | Error e) {
      return error(
          stderr,
          "internal error: "
              + oneLine(e.getClass().getSimpleName() + ": " + e.getMessage())
              + (verbose ? "" : " (rerun with --verbose for the stack trace)"),
          e,
          verbose);
    } finally {
      stdout.flush();
      stderr.flush();
    }
  }

  /** Runs the parsed command; the exit code of a command that completes is its own. */
  private static int execute(ParseResult parsed) throws Exception {
    ParseResult command = parsed.subcommand();
    if (command == null) {
      throw new ParameterException(
          parsed.commandSpec().commandLine(),
          "missing command: certify, gate, project or implied-bound");
    }
    Callable<?> callable = (Callable<?>) command.commandSpec().userObject();
    return (Integer) callable.call();
  }

  private static boolean isVerbose(ParseResult parsed) {
    for (ParseResult p = parsed; p != null; p = p.subcommand()) {
      if (p.hasMatchedOption(VerboseMixin.NAME)) {
        return true;
      }
    }
    return false;
  }

  private static int error(PrintWriter stderr, String message, Throwable e, boolean verbose) {
    stderr.println(PROGRAM + ": " + message);
    if (verbose) {
      e.printStackTrace(stderr);
    }
    return EXIT_ERROR;
  }

  /**
   * Joins the lines of a message and replaces other control characters (which a model's names may
   * carry) by {@code ?}, so that each error is exactly one plain line on standard error.
   */
  private static String oneLine(String message) {
    if (message == null) {
      return "";
    }
    return message.replaceAll("\\s*\\R\\s*", " ").replaceAll("\\p{Cntrl}", "?").strip();
  }
}
