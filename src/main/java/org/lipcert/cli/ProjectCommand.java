package org.lipcert.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.lipcert.core.advice.ProjectionMode;
import org.lipcert.io.report.AdviceText;
import org.lipcert.io.report.JsonReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code lipcert project MODEL --target K --mode normalize|clip -o OUT}: writes the model with its
 * weights rescaled or clipped so that its re-certified upper bound is at most {@code K}, in the
 * model's own format, and prints what was done.
 */
@Command(
    name = "project",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    sortOptions = false,
    header = "Write the model with weights changed so that it is certified K-Lipschitz.",
    descriptionHeading = "%n",
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "Rescale (spectral normalisation) or clip each weighted layer to its budget, write the"
          + " model in its own format (ONNX in, ONNX out; LipCert JSON in, JSON out; names,"
          + " opset and metadata unchanged), load the written file back and certify it. A model"
          + " already certified within K is written unchanged.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the projected model was written; its certified upper bound is <= K",
      "1:no projection reaches K (the message says why); nothing was written",
      "2:usage error, unreadable or invalid model, not certifiable, or internal error"
    })
final class ProjectCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "The model file: LipCert JSON (lipcert/v1) or ONNX.")
  private Path model;

  @Option(
      names = "--target",
      paramLabel = "K",
      required = true,
      description = "The Lipschitz constant the projected model must be certified under.")
  private double target;

  @Option(
      names = "--mode",
      paramLabel = "MODE",
      defaultValue = "normalize",
      converter = ModeConverter.class,
      description =
          "normalize (W <- s*W per layer) or clip (W <- clamp(W, -c, c) per layer; batch"
              + " normalisations are rescaled). Default: ${DEFAULT-VALUE}.")
  private ProjectionMode mode;

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      defaultValue = "proportional",
      converter = SuggestionOptionsMixin.PolicyConverter.class,
      description =
          "How K is shared among the layers: proportional or uniform. Default: ${DEFAULT-VALUE}.")
  private org.lipcert.core.advice.BudgetPolicy policy;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      required = true,
      description = "Write the projected model to FILE (replacing it).")
  private Path output;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "Summary on standard output: text or json. Default: ${DEFAULT-VALUE}.")
  private String format;

  @Mixin private CertificationOptionsMixin certification;

  @Mixin private VerboseMixin verbose;

  @Override
  public Integer call() {
    if (!(target >= 0 && Double.isFinite(target))) {
      throw new ParameterException(
          spec.commandLine(), "--target must be a finite number >= 0, got " + target);
    }
    String summaryFormat = format.toLowerCase(Locale.ROOT);
    if (!summaryFormat.equals("text") && !summaryFormat.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--format must be text or json, got '" + format + "'");
    }
    FileCertification.Projected projected =
        FileCertification.project(
            model,
            certification.inputShape(),
            certification.toOptions(null),
            certification.threads(),
            target,
            mode,
            policy);
    String summary;
    if (summaryFormat.equals("json")) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try {
        JsonReportWriter.writeValue(projected.report(), buffer);
      } catch (IOException e) {
        throw new IllegalStateException("writing to memory cannot fail", e);
      }
      summary = buffer.toString(StandardCharsets.UTF_8);
    } else {
      summary = AdviceText.render(projected.report(), output.toString());
    }
    try {
      Files.write(output, projected.bytes());
    } catch (NoSuchFileException e) {
      throw new InputException(
          output + ": cannot write the model: the directory does not exist", e);
    } catch (AccessDeniedException e) {
      throw new InputException(output + ": cannot write the model: permission denied", e);
    } catch (IOException e) {
      throw new InputException(output + ": cannot write the model: " + e.getMessage(), e);
    }
    spec.commandLine().getOut().print(summary);
    spec.commandLine().getOut().flush();
    return Main.EXIT_OK;
  }

  /** Reads {@code normalize} or {@code clip}, any case. */
  static final class ModeConverter implements ITypeConverter<ProjectionMode> {

    @Override
    public ProjectionMode convert(String value) {
      try {
        return ProjectionMode.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "expected one of normalize, clip but was '" + value + "'");
      }
    }
  }
}
