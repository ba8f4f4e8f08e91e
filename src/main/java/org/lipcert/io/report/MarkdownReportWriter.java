package org.lipcert.io.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a report as a GitHub-flavoured Markdown summary for a pull-request or merge-request
 * comment: a heading with the status word ({@code PASS}, {@code FAIL}, {@code FAIL_CERTAIN}, or
 * {@code CERTIFICATE} without a gate; no emoji), the verdict sentence, the network's upper and
 * lower bounds, gap and {@code K}, the failures ({@link GateFindings}), a layer table, the bounds
 * computed, the weights' regularisation statistics per layer and in total, notes (non-converged
 * layers, layers above {@code K} in a passing gate) and a footer with the model's SHA-256 and the
 * options.
 *
 * <p>Numbers are rounded in the safe direction as in the text report ({@link BoundDecimals}); the
 * verdict sentence and failures quote the compared numbers in full. Text from the model (names,
 * operation types, the file name) is written in code spans, so it cannot format the comment,
 * mention users or open links, and {@linkplain ReportText#plain cannot break lines}. A model with
 * more than {@value #MAX_TABLE_LAYERS} layers gets only its notable layers (failing, above {@code
 * K} or not converged) in the tables, and at most {@value #MAX_TABLE_LAYERS} layers are listed as
 * failures, so that the comment stays within the size a code host accepts.
 */
public final class MarkdownReportWriter implements ReportWriter {

  /** The most layers listed in a table; beyond, only notable layers are. */
  static final int MAX_TABLE_LAYERS = 100;

  private final Path modelFile;

  /** Creates a writer for a report whose model file is not known. */
  public MarkdownReportWriter() {
    this(null);
  }

  /**
   * Creates a writer that names the model file.
   *
   * @param modelFile the certified file as the user named it, or {@code null}
   */
  public MarkdownReportWriter(Path modelFile) {
    this.modelFile = modelFile;
  }

  @Override
  public void write(CertificateReport report, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    writer.write(render(report));
    writer.flush();
  }

  /**
   * Returns the Markdown of the report.
   *
   * @param report the report; not modified
   * @return the lines, each ending with {@code \n}
   */
  public String render(CertificateReport report) {
    StringBuilder md = new StringBuilder();
    GateReport gate = report.gate();
    NetworkReport network = report.network();
    md.append("### LipCert: ")
        .append(gate == null ? "CERTIFICATE" : ReportText.plain(gate.verdict()))
        .append("\n\n");
    md.append(
            gate == null
                ? "No threshold was given (`--max-lipschitz K`), so there is no verdict."
                : "**" + GateFindings.verdict(gate, network) + "**")
        .append("\n\n");
    model(md, report.model());
    bounds(md, report);
    List<GateFindings.Finding> findings = GateFindings.of(report);
    if (!findings.isEmpty()) {
      md.append("#### Failures\n\n");
      for (GateFindings.Finding finding :
          findings.subList(0, Math.min(findings.size(), MAX_TABLE_LAYERS + 1))) {
        md.append("- ")
            .append(code(finding.rule().id(), false))
            .append(": ")
            .append(
                finding.layer() == null
                    ? finding.message()
                    : "layer "
                        + code(finding.layer().name(), false)
                        + " blew the budget: its certified upper bound "
                        + BoundDecimals.exact(finding.layer().upper())
                        + " alone exceeds K = "
                        + BoundDecimals.exact(gate.maxLipschitz()))
            .append('\n');
      }
      if (findings.size() > MAX_TABLE_LAYERS + 1) {
        md.append("- and ")
            .append(findings.size() - MAX_TABLE_LAYERS - 1)
            .append(" more layers over budget\n");
      }
      md.append('\n');
    }
    List<LayerReport> shown = shownLayers(report);
    layers(md, report, shown);
    computedBounds(md, network);
    weights(md, shown, network.statistics());
    notes(md, report, shown);
    footer(md, report);
    return md.toString();
  }

  private void model(StringBuilder md, ModelReport model) {
    md.append("Model ")
        .append(code(model.name(), false))
        .append(" (")
        .append(code(model.format(), false))
        .append(", ")
        .append(model.parameters())
        .append(" parameters)");
    if (modelFile != null) {
      md.append(" from ").append(code(modelFile.toString(), false));
    }
    md.append(".\n\n");
  }

  private static void bounds(StringBuilder md, CertificateReport report) {
    NetworkReport network = report.network();
    md.append("| Lipschitz constant | value |\n|---|---:|\n")
        .append("| certified upper bound (")
        .append(code(network.upperBoundMethod(), true))
        .append(") | ")
        .append(BoundDecimals.up(network.upperBound()))
        .append(" |\n")
        .append("| witnessed lower bound | ")
        .append(BoundDecimals.down(network.lowerBound()))
        .append(" |\n")
        .append("| gap (upper / lower) | ")
        .append(network.gap() == null ? "-" : BoundDecimals.up(network.gap()))
        .append(" |\n");
    if (report.gate() != null) {
      md.append("| K (`--max-lipschitz`) | ")
          .append(BoundDecimals.exact(report.gate().maxLipschitz()))
          .append(" |\n");
    }
    md.append('\n');
  }

  /** The layers of the tables: all of them, or the notable ones of a large model. */
  private static List<LayerReport> shownLayers(CertificateReport report) {
    List<LayerReport> layers = report.layers();
    if (layers.size() <= MAX_TABLE_LAYERS) {
      return layers;
    }
    return layers.stream()
        .filter(l -> !l.converged() || GateFindings.exceedsThreshold(report, l))
        .limit(MAX_TABLE_LAYERS)
        .toList();
  }

  private static void layers(StringBuilder md, CertificateReport report, List<LayerReport> shown) {
    List<LayerReport> layers = report.layers();
    md.append("#### Layers\n\n");
    if (layers.isEmpty()) {
      md.append("No weighted layers.\n\n");
      return;
    }
    if (shown.size() < layers.size()) {
      md.append("The model has ")
          .append(layers.size())
          .append(" layers; ")
          .append(
              shown.isEmpty()
                  ? "none fails, exceeds K or failed to converge, so none is listed"
                  : "listed are the " + shown.size() + " that fail, exceed K or did not converge")
          .append(". The JSON report (`--format json`) has them all.\n\n");
      if (shown.isEmpty()) {
        return;
      }
    }
    boolean gated = report.gate() != null;
    md.append("| layer | op | input | output | lower | upper | gap | method | iterations")
        .append(" | converged |")
        .append(gated ? " within K |" : "")
        .append('\n')
        .append("|---|---|---|---|---:|---:|---:|---|---:|---|")
        .append(gated ? "---|" : "")
        .append('\n');
    for (LayerReport layer : shown) {
      md.append("| ")
          .append(code(layer.name(), true))
          .append(" | ")
          .append(code(layer.op(), true))
          .append(" | ")
          .append(shape(layer.inputShape()))
          .append(" | ")
          .append(shape(layer.outputShape()))
          .append(" | ")
          .append(BoundDecimals.down(layer.lower()))
          .append(" | ")
          .append(BoundDecimals.up(layer.upper()))
          .append(" | ")
          .append(layer.gap() == null ? "-" : BoundDecimals.up(layer.gap()))
          .append(" | ")
          .append(code(layer.method(), true))
          .append(" | ")
          .append(layer.iterations())
          .append(" | ")
          .append(layer.converged() ? "yes" : "**no**")
          .append(" |");
      if (gated) {
        md.append(' ')
            .append(
                GateFindings.layer(report, layer) != null
                    ? "**over budget**"
                    : GateFindings.exceedsThreshold(report, layer) ? "above K" : "yes")
            .append(" |");
      }
      md.append('\n');
    }
    md.append('\n');
  }

  private static void computedBounds(StringBuilder md, NetworkReport network) {
    if (network.bounds() == null || network.bounds().isEmpty()) {
      return;
    }
    md.append(
        "#### Bounds computed\n\n| method | certified upper bound | time |\n|---|---:|---:|\n");
    for (BoundReport bound : network.bounds()) {
      md.append("| ")
          .append(code(bound.method(), true))
          .append(
              bound.method() != null && bound.method().equals(network.upperBoundMethod())
                  ? " (tightest)"
                  : "")
          .append(" | ")
          .append(BoundDecimals.up(bound.value()))
          .append(" | ")
          .append(bound.millis())
          .append(" ms |\n");
    }
    md.append('\n');
  }

  private static void weights(StringBuilder md, List<LayerReport> shown, StatisticsReport total) {
    List<LayerReport> weighted = shown.stream().filter(l -> l.statistics() != null).toList();
    if (weighted.isEmpty() && (total == null || total.weights() == 0)) {
      return;
    }
    md.append("#### Weights\n\n")
        .append("| layer | weights | Σ\\|w\\| | Σw² | max \\|w\\| | zeros |\n")
        .append("|---|---:|---:|---:|---:|---:|\n");
    for (LayerReport layer : weighted) {
      statisticsRow(md, code(layer.name(), true), layer.statistics());
    }
    if (total != null) {
      statisticsRow(md, "**all layers**", total);
    }
    md.append('\n');
  }

  private static void statisticsRow(StringBuilder md, String name, StatisticsReport s) {
    md.append("| ")
        .append(name)
        .append(" | ")
        .append(s.weights())
        .append(" | ")
        .append(BoundDecimals.nearest(s.l1()))
        .append(" | ")
        .append(BoundDecimals.nearest(s.l2Squared()))
        .append(" | ")
        .append(BoundDecimals.nearest(s.maxAbs()))
        .append(" | ")
        .append(BoundDecimals.percent(s.zeroFraction()))
        .append(" |\n");
  }

  private static void notes(StringBuilder md, CertificateReport report, List<LayerReport> shown) {
    List<String> notes = new ArrayList<>();
    List<LayerReport> notConverged = report.layers().stream().filter(l -> !l.converged()).toList();
    if (!notConverged.isEmpty()) {
      String tolerance =
          report.options() == null ? "" : " " + BoundDecimals.exact(report.options().tolerance());
      notes.add(
          notConverged.size()
              + (notConverged.size() == 1 ? " layer" : " layers")
              + " did not converge ("
              + names(notConverged)
              + "): the bracket is wider than the tolerance"
              + tolerance
              + ". The upper bound is still certified, only less tight; more iterations"
              + " (`--max-iterations`) or materialisation (`--materialize-max-dimension`) can"
              + " tighten it.");
    }
    if (report.gate() != null && GateFindings.network(report) == null) {
      List<LayerReport> above =
          report.layers().stream().filter(l -> GateFindings.exceedsThreshold(report, l)).toList();
      if (!above.isEmpty()) {
        notes.add(
            "The upper bound of "
                + names(above)
                + " alone exceeds K, but the network is certified: other layers contract"
                + " enough, so no layer fails.");
      }
    }
    if (notes.isEmpty()) {
      return;
    }
    md.append("#### Notes\n\n");
    for (String note : notes) {
      md.append("- ").append(note).append('\n');
    }
    md.append('\n');
  }

  private static void footer(StringBuilder md, CertificateReport report) {
    md.append("LipCert ")
        .append(code(ToolVersion.current(), false))
        .append(", model sha256 ")
        .append(code(report.model().sha256(), false));
    OptionsReport o = report.options();
    if (o != null) {
      md.append(", norm ")
          .append(code(o.norm(), false))
          .append(", tolerance ")
          .append(BoundDecimals.exact(o.tolerance()))
          .append(", max iterations ")
          .append(o.maxIterations())
          .append(", seed ")
          .append(o.seed())
          .append(", upper bound method ")
          .append(code(o.upperBoundMethod(), false))
          .append(", network bounds ")
          .append(code(o.bound(), false))
          .append(", witness samples ")
          .append(o.witnessSamples());
      if (o.inputShape() != null) {
        md.append(", input shape ").append(shape(o.inputShape()));
      }
    }
    if (report.timings() != null) {
      md.append(", ").append(report.timings().totalMillis()).append(" ms");
    }
    md.append(".\n");
  }

  private static String names(List<LayerReport> layers) {
    int listed = Math.min(layers.size(), 10);
    String names =
        layers.subList(0, listed).stream()
            .map(l -> code(l.name(), false))
            .collect(Collectors.joining(", "));
    return listed < layers.size() ? names + " and " + (layers.size() - listed) + " more" : names;
  }

  private static String shape(int[] dims) {
    return dims == null
        ? "-"
        : Arrays.stream(dims)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]"));
  }

  /**
   * Returns text from the model as an inline code span: the fence is one backtick longer than the
   * longest run of backticks in the text, padded with a space when the text starts or ends with a
   * backtick; in a table cell {@code |} is escaped, as GitHub's table syntax requires even inside
   * code spans.
   *
   * @param value the text, or {@code null}
   * @param inTable whether the span is in a table cell
   * @return the code span
   */
  static String code(String value, boolean inTable) {
    String text = ReportText.plain(value);
    if (text.isEmpty()) {
      return "` `";
    }
    int longest = 0;
    int run = 0;
    for (int i = 0; i < text.length(); i++) {
      run = text.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(longest + 1);
    String pad = text.startsWith("`") || text.endsWith("`") ? " " : "";
    if (inTable) {
      text = text.replace("|", "\\|");
    }
    return fence + pad + text + pad + fence;
  }
}
