package org.lipcert.io.report;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes a report for a human reader: the model, a table of the layers' brackets, a table of the
 * weights' regularisation statistics per layer and for all layers together, the network bounds, the
 * gate verdict (when a threshold was given) and the timings.
 *
 * <p>Bounds are shown with {@value #SIGNIFICANT_DIGITS} significant digits, rounded in the safe
 * direction: upper bounds and gaps up, lower bounds down, so a displayed upper bound is still an
 * upper bound and a displayed lower bound still a lower bound. The gate line quotes the compared
 * numbers in full. The text is plain ASCII apart from names taken from the model; control
 * characters in those are replaced by {@code ?}, so a model cannot forge lines of the report.
 */
public final class TextReportWriter implements ReportWriter {

  /** The significant digits of the bounds in the layer table and the network section. */
  public static final int SIGNIFICANT_DIGITS = BoundDecimals.SIGNIFICANT_DIGITS;

  private static final String COLUMN_GAP = "  ";
  private static final String INDENT = "         ";
  private static final String TOTAL = "(all layers)";

  @Override
  public void write(CertificateReport report, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    writer.write(render(report));
    writer.flush();
  }

  /**
   * Returns the text of the report.
   *
   * @param report the report; not modified
   * @return the lines, each ending with {@code \n}
   */
  public String render(CertificateReport report) {
    StringBuilder text = new StringBuilder();
    model(text, report.model());
    options(text, report.options());
    text.append('\n');
    layers(text, report.layers());
    text.append('\n');
    weights(text, report.layers(), report.network().statistics());
    network(text, report.network());
    if (report.gate() != null) {
      text.append('\n');
      gate(text, report.gate(), report.network());
    }
    if (report.suggestions() != null) {
      text.append('\n');
      suggestions(text, report.suggestions());
    }
    if (report.timings() != null) {
      TimingsReport t = report.timings();
      text.append('\n')
          .append("timings  parse ")
          .append(t.parseMillis())
          .append(" ms, layers ")
          .append(t.layersMillis())
          .append(" ms, network ")
          .append(t.networkMillis())
          .append(" ms, total ")
          .append(t.totalMillis())
          .append(" ms")
          .append(
              Boolean.TRUE.equals(t.budgetExhausted())
                  ? " (time budget exhausted: unconverged layers and skipped bounds; every upper"
                      + " bound is still certified)"
                  : "")
          .append('\n');
    }
    return text.toString();
  }

  private static void model(StringBuilder text, ModelReport model) {
    text.append("model    ")
        .append(safe(model.name()))
        .append(" (")
        .append(safe(model.format()))
        .append(", ")
        .append(model.parameters())
        .append(" parameters)\n")
        .append("sha256   ")
        .append(safe(model.sha256()))
        .append('\n');
  }

  private static void options(StringBuilder text, OptionsReport options) {
    if (options == null) {
      return;
    }
    text.append("options  norm ")
        .append(safe(options.norm()))
        .append(", tolerance ")
        .append(exact(options.tolerance()))
        .append(", max iterations ")
        .append(options.maxIterations())
        .append(", seed ")
        .append(options.seed())
        .append(", exact SVD up to ")
        .append(options.exactSvdMaxDimension())
        .append(
            options.materializeMaxDimension() == 0
                ? ", materialize off"
                : ", materialize up to " + options.materializeMaxDimension())
        .append(", upper bound ")
        .append(safe(options.upperBoundMethod()))
        .append(", network bounds ")
        .append(safe(options.bound()))
        .append(", witness samples ")
        .append(options.witnessSamples())
        .append(
            options.inputShape() == null
                ? ""
                : ", input shape " + java.util.Arrays.toString(options.inputShape()))
        .append(
            options.timeBudgetMillis() == null
                ? ""
                : ", time budget " + options.timeBudgetMillis() + " ms")
        .append('\n');
  }

  private static void layers(StringBuilder text, List<LayerReport> layers) {
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "layer",
          "op",
          "input",
          "output",
          "lower",
          "upper",
          "gap",
          "method",
          "iterations",
          "converged"
        });
    int notConverged = 0;
    for (LayerReport layer : layers) {
      rows.add(
          new String[] {
            safe(layer.name()),
            safe(layer.op()),
            shape(layer.inputShape()),
            shape(layer.outputShape()),
            down(layer.lower()),
            up(layer.upper()),
            layer.gap() == null ? "-" : up(layer.gap()),
            safe(layer.method()),
            Integer.toString(layer.iterations()),
            layer.converged() ? "yes" : "no"
          });
      if (!layer.converged()) {
        notConverged++;
      }
    }
    table(text, rows);
    if (layers.isEmpty()) {
      text.append("(no weighted layers)\n");
    }
    if (notConverged > 0) {
      text.append(notConverged)
          .append(notConverged == 1 ? " layer has" : " layers have")
          .append(" a bracket wider than the tolerance (not converged);")
          .append(" its upper bound is still certified.\n");
    }
  }

  /**
   * Writes the regularisation statistics: a row per layer with weights, then the total over all
   * layers, followed by a blank line; nothing when no layer carries weights.
   */
  private static void weights(
      StringBuilder text, List<LayerReport> layers, StatisticsReport total) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"weights", "count", "sum|w|", "sum w^2", "max|w|", "zeros"});
    for (LayerReport layer : layers) {
      if (layer.statistics() != null) {
        rows.add(statisticsRow(safe(layer.name()), layer.statistics()));
      }
    }
    if (rows.size() == 1) {
      return;
    }
    if (total != null) {
      rows.add(statisticsRow(TOTAL, total));
    }
    table(text, rows);
    text.append('\n');
  }

  private static String[] statisticsRow(String name, StatisticsReport s) {
    return new String[] {
      name,
      Long.toString(s.weights()),
      BoundDecimals.nearest(s.l1()),
      BoundDecimals.nearest(s.l2Squared()),
      BoundDecimals.nearest(s.maxAbs()),
      BoundDecimals.percent(s.zeroFraction())
    };
  }

  private static void network(StringBuilder text, NetworkReport network) {
    String upper = up(network.upperBound());
    String lower = down(network.lowerBound());
    int width = Math.max(upper.length(), lower.length());
    text.append("network  upper bound  ")
        .append(pad(upper, width))
        .append("  certified (")
        .append(safe(network.upperBoundMethod()))
        .append("; naive ")
        .append(up(network.naiveUpperBound()))
        .append(")\n");
    text.append(INDENT).append("lower bound  ").append(pad(lower, width)).append("  witnessed");
    WitnessReport witness = network.witness();
    if (witness != null) {
      text.append(" (seed ")
          .append(witness.seed())
          .append(", sample ")
          .append(witness.sample())
          .append(", step ")
          .append(BoundDecimals.nearest(witness.step()))
          .append(')');
    }
    text.append('\n');
    text.append(INDENT)
        .append("gap          ")
        .append(network.gap() == null ? "-" : up(network.gap()))
        .append('\n');
    if (network.bounds() != null && !network.bounds().isEmpty()) {
      text.append(INDENT).append("bounds      ");
      for (int i = 0; i < network.bounds().size(); i++) {
        BoundReport bound = network.bounds().get(i);
        text.append(i == 0 ? " " : ", ")
            .append(safe(bound.method()))
            .append(' ')
            .append(up(bound.value()))
            .append(" (")
            .append(bound.millis())
            .append(" ms)");
      }
      text.append('\n');
    }
  }

  /**
   * Writes the suggestions for a target: a line with the target and the bound at the budgets, then
   * a row per weighted layer. Budgets, factors and thresholds are rounded down (meeting them is
   * what was certified), norms up.
   */
  private static void suggestions(StringBuilder text, SuggestionsReport s) {
    text.append("target   ")
        .append(BoundDecimals.nearest(s.target()))
        .append(" (")
        .append(safe(s.policy()))
        .append(" budgets): ");
    if (!s.feasible()) {
      text.append("unreachable: the layers without weights alone give ")
          .append(up(s.boundAtBudgets()))
          .append('\n');
      return;
    }
    text.append("every layer within its budget gives a certified bound ")
        .append(up(s.boundAtBudgets()))
        .append('\n');
    List<String[]> rows = new ArrayList<>();
    rows.add(
        new String[] {
          "layer", "upper", "budget", "normalize", "clip at", "clipped", "clip any weights at"
        });
    for (SuggestionsReport.LayerSuggestionReport l : s.layers()) {
      rows.add(
          new String[] {
            safe(l.name()),
            up(l.upper()),
            down(l.budget()),
            "x " + down(l.normalizationFactor()),
            l.clipThreshold() == null ? "-" : down(l.clipThreshold()),
            l.clippedUpper() == null ? "-" : up(l.clippedUpper()),
            l.anyWeightsThreshold() == null ? "-" : down(l.anyWeightsThreshold())
          });
    }
    table(text, rows);
  }

  private static void gate(StringBuilder text, GateReport gate, NetworkReport network) {
    text.append("gate     ").append(GateFindings.verdict(gate, network)).append('\n');
  }

  static void table(StringBuilder text, List<String[]> rows) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], row[c].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int c = 0; c < columns; c++) {
        line.append(c == columns - 1 ? row[c] : pad(row[c], widths[c]) + COLUMN_GAP);
      }
      text.append(line.toString().stripTrailing()).append('\n');
    }
  }

  private static String pad(String value, int width) {
    return value.length() >= width ? value : value + " ".repeat(width - value.length());
  }

  private static String shape(int[] dims) {
    return dims == null
        ? "-"
        : Arrays.stream(dims)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]"));
  }

  /** Returns {@code value} rounded up to {@value #SIGNIFICANT_DIGITS} significant digits. */
  static String up(double value) {
    return BoundDecimals.up(value);
  }

  /** Returns {@code value} rounded down to {@value #SIGNIFICANT_DIGITS} significant digits. */
  static String down(double value) {
    return BoundDecimals.down(value);
  }

  /** Returns the shortest decimal that reads back as {@code value}. */
  static String exact(double value) {
    return BoundDecimals.exact(value);
  }

  /** Replaces control characters (line breaks, escape sequences) in text taken from the model. */
  static String safe(String value) {
    return ReportText.plain(value);
  }
}
