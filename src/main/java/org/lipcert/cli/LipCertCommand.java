package org.lipcert.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Mixin;

/** The top-level command {@code lipcert}: only dispatches to its subcommands. */
@Command(
    name = "lipcert",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    description = {
      "Certified bounds on the Lipschitz constant of neural networks, read from LipCert JSON"
          + " or ONNX files.",
      "",
      "Run without arguments (or with 'serve') to start the REST service instead.",
    },
    subcommands = {
      CertifyCommand.class,
      GateCommand.class,
      ProjectCommand.class,
      ImpliedBoundCommand.class,
      HelpCommand.class
    },
    descriptionHeading = "%n",
    optionListHeading = "%nOptions:%n",
    commandListHeading = "%nCommands:%n",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:certified (gate: PASS)",
      "1:gate: not certified (FAIL or FAIL_CERTAIN); project: the target cannot be reached",
      "2:usage error, unreadable or invalid model, not certifiable, or internal error"
    },
    footerHeading = "%nExamples:%n",
    footer = {
      "  java -jar lipcert.jar certify model.json --format text",
      "  java -jar lipcert.jar certify model.json --output report.json",
      "  java -jar lipcert.jar gate model.json --max-lipschitz 10",
      "  java -jar lipcert.jar gate model.onnx --max-lipschitz 10 --format junit --output lipcert.xml",
      "  java -jar lipcert.jar certify model.onnx --input-shape 3,32,32",
      "  java -jar lipcert.jar certify model.onnx --target 1 --format text",
      "  java -jar lipcert.jar project model.onnx --target 1 --mode clip -o model-1lip.onnx",
      "  java -jar lipcert.jar implied-bound critic.onnx --clip 0.01",
    })
final class LipCertCommand {

  @Mixin private VerboseMixin verbose;
}
