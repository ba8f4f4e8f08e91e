package org.lipcert.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.lipcert.core.certify.Verdict;
import org.lipcert.io.report.CertificateReport;
import org.lipcert.io.report.OutputFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lipcert gate MODEL --max-lipschitz K}: a CI check. Prints the certificate with its verdict
 * and exits with {@link Main#EXIT_OK} when the network is certified K-Lipschitz ({@link
 * Verdict#PASS}), {@link Main#EXIT_NOT_CERTIFIED} otherwise ({@link Verdict#FAIL}, {@link
 * Verdict#FAIL_CERTAIN}; the report tells the two apart).
 */
@Command(
    name = "gate",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    sortOptions = false,
    header = "Pass or fail a network against a maximum Lipschitz constant K.",
    descriptionHeading = "%n",
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Check that a network is certified K-Lipschitz: pass when the certified upper bound"
          + " is <= K. The report says when the failure is certain, i.e. when the witnessed"
          + " lower bound already exceeds K.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:PASS: certified upper bound <= K",
      "1:FAIL (upper bound > K) or FAIL_CERTAIN (lower bound > K: certainly not K-Lipschitz)",
      "2:usage error, unreadable or invalid model, not certifiable, or internal error"
    })
final class GateCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description =
          "The model file: LipCert JSON (lipcert/v1) or ONNX; the format is read from the"
              + " content, not from the file name.")
  private Path model;

  @Option(
      names = "--max-lipschitz",
      paramLabel = "K",
      required = true,
      description = "The largest acceptable Lipschitz constant.")
  private Double maxLipschitz;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      converter = ReportOptionsMixin.OutputFormatConverter.class,
      completionCandidates = ReportOptionsMixin.OutputFormatCandidates.class,
      description =
          "Report format: ${COMPLETION-CANDIDATES}. For CI: junit (a JUnit XML test report: a"
              + " test case per layer and one for the network), sarif (SARIF 2.1.0 for code"
              + " scanning), markdown (a pull-request comment). When the gate fails they fail the"
              + " network and every layer whose own upper bound exceeds K."
              + " Default: ${DEFAULT-VALUE}.")
  private OutputFormat format;

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
    Verdict verdict = Verdict.valueOf(certificate.gate().verdict());
    return verdict == Verdict.PASS ? Main.EXIT_OK : Main.EXIT_NOT_CERTIFIED;
  }
}
