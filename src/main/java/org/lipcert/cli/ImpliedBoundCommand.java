package org.lipcert.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.lipcert.io.report.AdviceText;
import org.lipcert.io.report.ImpliedBoundReport;
import org.lipcert.io.report.JsonReportWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code lipcert implied-bound MODEL --clip C}: the certified Lipschitz bound that clipping every
 * weight to {@code [−C, C]} implies for this model's layer shapes, whatever the weights.
 */
@Command(
    name = "implied-bound",
    mixinStandardHelpOptions = true,
    versionProvider = ManifestVersionProvider.class,
    sortOptions = false,
    header = "Print the certified bound that clipping the weights implies.",
    descriptionHeading = "%n",
    parameterListHeading = "%nParameters:%n",
    optionListHeading = "%nOptions:%n",
    description = {
      "For a clip value C (e.g. WGAN's 0.01), globally or per layer, print the certified upper"
          + " bound on the Lipschitz constant of any network with these layer shapes whose"
          + " clipped weights lie in [-C, C]. Layers not clipped keep the certified norm of"
          + " their uploaded weights.",
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:the bound was printed",
      "2:usage error, unreadable or invalid model, unknown layer, or internal error"
    })
final class ImpliedBoundCommand implements Callable<Integer> {

  @Spec private CommandSpec spec;

  @Parameters(
      index = "0",
      paramLabel = "MODEL",
      description = "The model file: LipCert JSON (lipcert/v1) or ONNX.")
  private Path model;

  @Option(
      names = "--clip",
      paramLabel = "C",
      description = "The clip value of every layer with a weight tensor.")
  private Double clip;

  @Option(
      names = "--layer-clip",
      paramLabel = "NAME=C",
      description =
          "The clip value of one layer, overriding --clip; repeatable. The last '=' separates"
              + " the value, so names may contain '='.")
  private List<String> layerClips = List.of();

  @Option(
      names = {"-f", "--format"},
      paramLabel = "FORMAT",
      defaultValue = "text",
      description = "text or json. Default: ${DEFAULT-VALUE}.")
  private String format;

  @Mixin private CertificationOptionsMixin certification;

  @Mixin private VerboseMixin verbose;

  @Override
  public Integer call() {
    Map<String, Double> perLayer = new LinkedHashMap<>();
    for (String spec : layerClips) {
      int split = spec.lastIndexOf('=');
      double value;
      try {
        value = split <= 0 ? Double.NaN : Double.parseDouble(spec.substring(split + 1));
      } catch (NumberFormatException e) {
        value = Double.NaN;
      }
      if (!(value >= 0 && Double.isFinite(value))) {
        throw new ParameterException(
            this.spec.commandLine(),
            "--layer-clip must be NAME=C with a finite C >= 0, got '" + spec + "'");
      }
      perLayer.put(spec.substring(0, split), value);
    }
    if (clip == null && perLayer.isEmpty()) {
      throw new ParameterException(
          this.spec.commandLine(), "give --clip C or at least one --layer-clip NAME=C");
    }
    if (clip != null && !(clip >= 0 && Double.isFinite(clip))) {
      throw new ParameterException(
          this.spec.commandLine(), "--clip must be a finite number >= 0, got " + clip);
    }
    String chosen = format.toLowerCase(Locale.ROOT);
    if (!chosen.equals("text") && !chosen.equals("json")) {
      throw new ParameterException(
          this.spec.commandLine(), "--format must be text or json, got '" + format + "'");
    }
    ImpliedBoundReport report =
        FileCertification.impliedBound(
            model, certification.inputShape(), certification.toOptions(null), clip, perLayer);
    String text;
    if (chosen.equals("json")) {
      ByteArrayOutputStream buffer = new ByteArrayOutputStream();
      try {
        JsonReportWriter.writeValue(report, buffer);
      } catch (IOException e) {
        throw new IllegalStateException("writing to memory cannot fail", e);
      }
      text = buffer.toString(StandardCharsets.UTF_8);
    } else {
      text = AdviceText.render(report);
    }
    this.spec.commandLine().getOut().print(text);
    this.spec.commandLine().getOut().flush();
    return Main.EXIT_OK;
  }
}
