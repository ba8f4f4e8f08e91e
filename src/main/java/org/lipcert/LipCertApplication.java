package org.lipcert;

import org.lipcert.cli.Main;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The single entry point of {@code lipcert.jar}: with no arguments (or {@code serve}) it starts the
 * REST service; with a CLI command ({@code certify}, {@code gate}, …) it runs the command line,
 * which never starts the web server.
 */
@SpringBootApplication
public class LipCertApplication {

  /**
   * Starts the service or runs a CLI command.
   *
   * @param args empty or {@code serve [spring options]} for the service, else a CLI command line
   */
  public static void main(String[] args) {
    if (args.length == 0
        || args[0].equals("serve")
        || args[0].startsWith("--spring")
        || args[0].startsWith("--server")) {
      String[] springArgs =
          args.length > 0 && args[0].equals("serve")
              ? java.util.Arrays.copyOfRange(args, 1, args.length)
              : args;
      SpringApplication.run(LipCertApplication.class, springArgs);
      return;
    }
    System.exit(Main.run(args));
  }
}
