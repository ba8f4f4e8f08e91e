package org.lipcert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lipcert.io.report.CertificateReport;
import org.lipcert.io.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lipcert certify MODEL}: prints the certificate of a model. Exits with {@link Main#EXIT_OK}
 * whenever a report was produced, also when a {@code --max-lipschitz} gate in it fails; use {@code
 * gate} for an exit code that follows the verdict.
 */
@Command(
    name = "certify",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    sortOptions = false,
    header = "Print certified bounds on a network's Lipschitz constant.",
    descriptionHeading = "%n",
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Certify bounds on the Lipschitz constant of a network: per layer a bracket"
          + " lower <= ||layer|| <= upper, for the network a certified upper bound and a"
          + " witnessed lower bound.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the report was written (also when a --max-lipschitz gate in it fails)",
      "2:usage error, unreadable or invalid model, not certifiable, or internal error"
    })
final class CertifyCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description =
          "The model file: LipCert JSON (lipcert/v1) or ONNX; the format is read from the"
              + " content, not from the file name.")
  private Path model;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "json",
      converter = ReportOptionsMixin.OutputFormatConverter.class,
      completionCandidates = ReportOptionsMixin.OutputFormatCandidates.class,
      description =
          "Report format: ${COMPLETION-CANDIDATES}; junit, sarif and markdown are meant for CI"
              + " (see gate --help). Default: ${DEFAULT-VALUE}.")
  private OutputFormat format;

  @Option(
      names = "--max-lipschitz",
      paramLabel = "K",
      description = "Also report the gate verdict against K (the exit code stays 0).")
  private Double maxLipschitz;

  @Mixin private ReportOptionsMixin report;

  @Mixin private CertificationOptionsMixin certification;

  @Mixin private SuggestionOptionsMixin suggestions;

  @Mixin private VerboseMixin verbose;

  @Override
  public Integer call() {
    var options = certification.toOptions(maxLipschitz);
    CertificateReport certificate =
        FileCertification.certify(
            model, options, certification, suggestions, spec.commandLine().getErr());
    ReportOutput.write(certificate, model, format, report.output(), spec.commandLine().getOut());
    return Main.EXIT_OK;
  }
}
