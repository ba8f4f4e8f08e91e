package org.lipcert.io.report;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a report as a JUnit XML test report in the format of Maven Surefire (one {@code
 * <testsuite>}), which Jenkins, GitLab CI, GitHub test-reporting actions and most CI dashboards
 * read: one {@code <testcase>} per layer, in graph order, then one for the network.
 *
 * <p>Which test cases fail follows {@link GateFindings}: with a gate {@code K} whose verdict is not
 * {@code PASS}, the network's test case fails ({@code FAIL} or {@code FAIL_CERTAIN}, the failure's
 * {@code type} being the rule id such as {@code lipcert/network-certainly-not-lipschitz}), and so
 * does the test case of every layer whose own certified upper bound exceeds {@code K} (the layer
 * "blew the budget", {@code lipcert/layer-over-budget}). With {@code PASS}, or without a gate,
 * every test case passes, so the file agrees with {@code gate}'s exit code. There are no errors or
 * skipped test cases: a model that cannot be certified produces no report at all.
 *
 * <p>The suite's {@code <properties>} identify the model and every option (so the run can be
 * reproduced); each test case's {@code <system-out>} has its bracket or bounds, and the suite's
 * {@code <system-out>} the whole {@linkplain TextReportWriter text report}. Times are seconds with
 * three decimals. Text from the model is {@linkplain ReportText#plain made safe} and escaped.
 */
public final class JUnitReportWriter implements ReportWriter {

  private static final String INDENT = "  ";

  private final Path modelFile;

  /** Creates a writer for a report whose model file is not known. */
  public JUnitReportWriter() {
    this(null);
  }

  /**
   * Creates a writer that names the model file in the properties.
   *
   * @param modelFile the certified file as the user named it, or {@code null}
   */
  public JUnitReportWriter(Path modelFile) {
    this.modelFile = modelFile;
  }

  @Override
  public void write(CertificateReport report, OutputStream out) throws IOException {
    try {
      XMLStreamWriter xml =
          XMLOutputFactory.newDefaultFactory().createXMLStreamWriter(out, "UTF-8");
      xml.writeStartDocument("UTF-8", "1.0");
      newline(xml, 0);
      suite(xml, report);
      xml.writeEndDocument();
      xml.flush();
      xml.close();
    } catch (XMLStreamException e) {
      throw new IOException("cannot write the JUnit XML report: " + e.getMessage(), e);
    }
    out.write('\n');
    out.flush();
  }

  private void suite(XMLStreamWriter xml, CertificateReport report) throws XMLStreamException {
    List<LayerReport> layers = report.layers();
    long failures = layers.stream().filter(l -> GateFindings.layer(report, l) != null).count();
    if (GateFindings.network(report) != null) {
      failures++;
    }
    TimingsReport timings = report.timings();
    String className = className(report);
    xml.writeStartElement("testsuite");
    xml.writeAttribute("name", className);
    xml.writeAttribute("tests", Integer.toString(layers.size() + 1));
    xml.writeAttribute("failures", Long.toString(failures));
    xml.writeAttribute("errors", "0");
    xml.writeAttribute("skipped", "0");
    xml.writeAttribute("time", seconds(timings == null ? 0 : timings.totalMillis()));
    properties(xml, report);
    for (LayerReport layer : layers) {
      testCase(
          xml,
          className,
          "layer " + ReportText.plain(layer.name()) + " (" + ReportText.plain(layer.op()) + ")",
          layer.millis(),
          GateFindings.layer(report, layer),
          layerOutput(report, layer));
    }
    testCase(
        xml,
        className,
        "network",
        timings == null ? 0 : timings.networkMillis(),
        GateFindings.network(report),
        networkOutput(report));
    newline(xml, 1);
    xml.writeStartElement("system-out");
    xml.writeCharacters(new TextReportWriter().render(report));
    xml.writeEndElement();
    newline(xml, 0);
    xml.writeEndElement();
  }

  private void properties(XMLStreamWriter xml, CertificateReport report) throws XMLStreamException {
    newline(xml, 1);
    xml.writeStartElement("properties");
    for (Map.Entry<String, String> property : properties(report).entrySet()) {
      newline(xml, 2);
      xml.writeEmptyElement("property");
      xml.writeAttribute("name", property.getKey());
      xml.writeAttribute("value", ReportText.plain(property.getValue()));
    }
    newline(xml, 1);
    xml.writeEndElement();
  }

  /**
   * Returns the suite's properties: the tool's version, the model (file when known, SHA-256,
   * format, name, parameters), every option, and the gate and network bounds in full precision.
   */
  Map<String, String> properties(CertificateReport report) {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("lipcert.version", ToolVersion.current());
    if (modelFile != null) {
      properties.put("model.file", modelFile.toString());
    }
    ModelReport model = report.model();
    properties.put("model.sha256", model.sha256());
    properties.put("model.format", model.format());
    properties.put("model.name", model.name());
    properties.put("model.parameters", Long.toString(model.parameters()));
    OptionsReport o = report.options();
    if (o != null) {
      properties.put("options.norm", o.norm());
      properties.put("options.tolerance", BoundDecimals.exact(o.tolerance()));
      properties.put("options.maxIterations", Integer.toString(o.maxIterations()));
      properties.put("options.seed", Long.toString(o.seed()));
      properties.put("options.exactSvdMaxDimension", Integer.toString(o.exactSvdMaxDimension()));
      properties.put(
          "options.materializeMaxDimension", Integer.toString(o.materializeMaxDimension()));
      properties.put("options.upperBoundMethod", o.upperBoundMethod());
      properties.put("options.bound", o.bound());
      properties.put("options.witnessSamples", Integer.toString(o.witnessSamples()));
      if (o.maxLipschitz() != null) {
        properties.put("options.maxLipschitz", BoundDecimals.exact(o.maxLipschitz()));
      }
      if (o.timeBudgetMillis() != null) {
        properties.put("options.timeBudgetMillis", Long.toString(o.timeBudgetMillis()));
      }
      if (o.inputShape() != null) {
        properties.put(
            "options.inputShape",
            Arrays.stream(o.inputShape())
                .mapToObj(Integer::toString)
                .collect(Collectors.joining(",")));
      }
    }
    if (report.gate() != null) {
      properties.put("gate.maxLipschitz", BoundDecimals.exact(report.gate().maxLipschitz()));
      properties.put("gate.verdict", report.gate().verdict());
    }
    NetworkReport network = report.network();
    properties.put("network.upperBound", BoundDecimals.exact(network.upperBound()));
    properties.put("network.upperBoundMethod", network.upperBoundMethod());
    properties.put("network.lowerBound", BoundDecimals.exact(network.lowerBound()));
    return properties;
  }

  private static void testCase(
      XMLStreamWriter xml,
      String className,
      String name,
      long millis,
      GateFindings.Finding finding,
      String output)
      throws XMLStreamException {
    newline(xml, 1);
    xml.writeStartElement("testcase");
    xml.writeAttribute("name", name);
    xml.writeAttribute("classname", className);
    xml.writeAttribute("time", seconds(millis));
    if (finding != null) {
      newline(xml, 2);
      xml.writeStartElement("failure");
      xml.writeAttribute("message", finding.message());
      xml.writeAttribute("type", finding.rule().id());
      xml.writeCharacters(finding.message() + "\n\n" + finding.rule().fullDescription() + "\n");
      xml.writeEndElement();
    }
    newline(xml, 2);
    xml.writeStartElement("system-out");
    xml.writeCharacters(output);
    xml.writeEndElement();
    newline(xml, 1);
    xml.writeEndElement();
  }

  /** The layer's bracket, method, statistics and how it stands against {@code K}. */
  private static String layerOutput(CertificateReport report, LayerReport layer) {
    String name = ReportText.plain(layer.name());
    StringBuilder text = new StringBuilder();
    text.append(name)
        .append(" (")
        .append(ReportText.plain(layer.op()))
        .append("), input ")
        .append(shape(layer.inputShape()))
        .append(" -> output ")
        .append(shape(layer.outputShape()))
        .append('\n')
        .append("lower ")
        .append(BoundDecimals.down(layer.lower()))
        .append(" <= ||")
        .append(name)
        .append("|| <= upper ")
        .append(BoundDecimals.up(layer.upper()))
        .append(", gap ")
        .append(layer.gap() == null ? "-" : BoundDecimals.up(layer.gap()))
        .append('\n')
        .append("method ")
        .append(ReportText.plain(layer.method()))
        .append(", ")
        .append(layer.iterations())
        .append(" iterations, ")
        .append(
            layer.converged()
                ? "converged"
                : "not converged: the bracket is wider than the tolerance; the upper bound is"
                    + " still certified")
        .append('\n');
    if (layer.statistics() != null) {
      text.append(statistics("weights", layer.statistics())).append('\n');
    }
    GateReport gate = report.gate();
    if (gate != null) {
      String k = BoundDecimals.exact(gate.maxLipschitz());
      if (!GateFindings.exceedsThreshold(report, layer)) {
        text.append("upper bound ").append(BoundDecimals.exact(layer.upper()));
        text.append(" <= K = ").append(k).append(": within the budget\n");
      } else if (GateFindings.network(report) == null) {
        text.append("note: the upper bound ")
            .append(BoundDecimals.exact(layer.upper()))
            .append(" alone exceeds K = ")
            .append(k)
            .append(", but the network is certified <= K: the other layers contract enough\n");
      }
    }
    return text.toString();
  }

  /** The network's bounds, witness, total statistics and verdict. */
  private static String networkOutput(CertificateReport report) {
    NetworkReport network = report.network();
    StringBuilder text = new StringBuilder();
    text.append("upper bound ")
        .append(BoundDecimals.up(network.upperBound()))
        .append(" certified (")
        .append(ReportText.plain(network.upperBoundMethod()))
        .append("; naive ")
        .append(BoundDecimals.up(network.naiveUpperBound()))
        .append(")\n")
        .append("lower bound ")
        .append(BoundDecimals.down(network.lowerBound()))
        .append(" witnessed");
    if (network.witness() != null) {
      text.append(" (seed ")
          .append(network.witness().seed())
          .append(", sample ")
          .append(network.witness().sample())
          .append(')');
    }
    text.append('\n')
        .append("gap ")
        .append(network.gap() == null ? "-" : BoundDecimals.up(network.gap()))
        .append('\n');
    if (network.bounds() != null && !network.bounds().isEmpty()) {
      text.append("bounds ")
          .append(
              network.bounds().stream()
                  .map(
                      b ->
                          ReportText.plain(b.method())
                              + " "
                              + BoundDecimals.up(b.value())
                              + " ("
                              + b.millis()
                              + " ms)")
                  .collect(Collectors.joining(", ")))
          .append('\n');
    }
    if (network.statistics() != null) {
      text.append(statistics("weights of all layers", network.statistics())).append('\n');
    }
    text.append(
            report.gate() == null
                ? "no gate: give --max-lipschitz K for a verdict"
                : "gate " + GateFindings.verdict(report.gate(), network))
        .append('\n');
    return text.toString();
  }

  private static String statistics(String label, StatisticsReport s) {
    return label
        + " "
        + s.weights()
        + ": sum|w| "
        + BoundDecimals.nearest(s.l1())
        + ", sum w^2 "
        + BoundDecimals.nearest(s.l2Squared())
        + ", max|w| "
        + BoundDecimals.nearest(s.maxAbs())
        + ", zeros "
        + BoundDecimals.percent(s.zeroFraction());
  }

  /**
   * Returns {@code lipcert.<model name>}, dots in the name replaced by {@code _} so that dashboards
   * that split class names into packages keep one class per model.
   */
  private static String className(CertificateReport report) {
    String name = report.model().name();
    if (name == null || name.isBlank()) {
      name = "model";
    }
    return "lipcert." + ReportText.plain(name).replace('.', '_');
  }

  private static String shape(int[] dims) {
    return dims == null
        ? "-"
        : Arrays.stream(dims)
            .mapToObj(Integer::toString)
            .collect(Collectors.joining(",", "[", "]"));
  }

  /** Returns milliseconds as seconds with three decimals, e.g. {@code 0.028}. */
  private static String seconds(long millis) {
    return BigDecimal.valueOf(Math.max(0, millis), 3).toPlainString();
  }

  private static void newline(XMLStreamWriter xml, int depth) throws XMLStreamException {
    xml.writeCharacters("\n" + INDENT.repeat(depth));
  }
}
