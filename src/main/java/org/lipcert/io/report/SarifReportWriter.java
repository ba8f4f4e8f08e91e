package org.lipcert.io.report;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import tools.jackson.core.StreamWriteFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a report as a SARIF 2.1.0 log (OASIS Static Analysis Results Interchange Format), which
 * GitHub code scanning and other code-scanning dashboards ingest.
 *
 * <p>One run, whose tool is {@code LipCert} with three rules, one per kind of finding ({@link
 * GateFindings.Rule}): {@code lipcert/network-not-certified} and {@code
 * lipcert/network-certainly-not-lipschitz} (level {@code error}) and {@code
 * lipcert/layer-over-budget} (level {@code warning}). The results are the {@linkplain GateFindings
 * findings}: one for the network when the gate fails, one per layer whose own certified upper bound
 * exceeds {@code K} in a failed gate; none when the gate passes or there is none. Each result names
 * the network or the layer as a logical location and carries the compared numbers as properties.
 *
 * <p>When the model file is known, it is the run's artifact (with its SHA-256) and every result's
 * physical location, its URI relative as given (use a path relative to the repository root, as
 * GitHub matches results to repository files), or a {@code file:} URI for an absolute path. As
 * GitHub code scanning requires a line, the location is the file's first line: a finding concerns
 * the model as a whole. Each result carries a partial fingerprint naming its rule and layer, so
 * that findings on the same file stay distinct alerts.
 */
public final class SarifReportWriter implements ReportWriter {

  /** The {@code $schema} of the document: the OASIS schema of SARIF 2.1.0 (errata 01). */
  public static final String SCHEMA =
      "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

  /** The SARIF version written. */
  public static final String VERSION = "2.1.0";

  /** The key of LipCert's partial fingerprint in each result. */
  static final String FINGERPRINT = "lipcertFinding/v1";

  private static final JsonMapper MAPPER =
      JsonMapper.builder()
          .enable(SerializationFeature.INDENT_OUTPUT)
          .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
          .build();

  private final Path modelFile;

  /** Creates a writer for a report whose model file is not known: no physical locations. */
  public SarifReportWriter() {
    this(null);
  }

  /**
   * Creates a writer whose results are located in the model file.
   *
   * @param modelFile the certified file as the user named it, or {@code null}
   */
  public SarifReportWriter(Path modelFile) {
    this.modelFile = modelFile;
  }

  @Override
  public void write(CertificateReport report, OutputStream out) throws IOException {
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    MAPPER.writeValue(buffer, document(report));
    out.write(buffer.toByteArray());
    out.write('\n');
    out.flush();
  }

  /** Returns the SARIF log of a report. */
  ObjectNode document(CertificateReport report) {
    ObjectNode log = MAPPER.createObjectNode();
    log.put("$schema", SCHEMA);
    log.put("version", VERSION);
    ObjectNode run = log.putArray("runs").addObject();
    ObjectNode driver = run.putObject("tool").putObject("driver");
    driver.put("name", "LipCert");
    driver.put("version", ToolVersion.current());
    ArrayNode rules = driver.putArray("rules");
    for (GateFindings.Rule rule : GateFindings.Rule.values()) {
      rule(rules.addObject(), rule);
    }
    String uri = modelFile == null ? null : artifactUri(modelFile);
    if (uri != null) {
      ObjectNode artifact = run.putArray("artifacts").addObject();
      artifact.putObject("location").put("uri", uri);
      if (report.model().sha256() != null) {
        artifact.putObject("hashes").put("sha-256", report.model().sha256());
      }
    }
    run.putArray("invocations").addObject().put("executionSuccessful", true);
    ArrayNode results = run.putArray("results");
    List<GateFindings.Finding> findings = GateFindings.of(report);
    for (GateFindings.Finding finding : findings) {
      result(results.addObject(), report, finding, uri);
    }
    run.set("properties", summary(report));
    return log;
  }

  private static void rule(ObjectNode node, GateFindings.Rule rule) {
    node.put("id", rule.id());
    node.put("name", rule.ruleName());
    node.putObject("shortDescription").put("text", rule.shortDescription());
    node.putObject("fullDescription").put("text", rule.fullDescription());
    node.putObject("help").put("text", rule.fullDescription());
    node.putObject("defaultConfiguration").put("level", level(rule));
    ArrayNode tags = node.putObject("properties").putArray("tags");
    tags.add("lipschitz");
    tags.add("robustness");
  }

  private static void result(
      ObjectNode node, CertificateReport report, GateFindings.Finding finding, String uri) {
    GateFindings.Rule rule = finding.rule();
    LayerReport layer = finding.layer();
    node.put("ruleId", rule.id());
    node.put("ruleIndex", rule.ordinal());
    node.put("level", level(rule));
    node.put("kind", "fail");
    node.putObject("message").put("text", finding.message());
    ObjectNode location = node.putArray("locations").addObject();
    if (uri != null) {
      ObjectNode physical = location.putObject("physicalLocation");
      physical.putObject("artifactLocation").put("uri", uri).put("index", 0);
      physical.putObject("region").put("startLine", 1);
    }
    String model = modelName(report);
    ObjectNode logical = location.putArray("logicalLocations").addObject();
    if (layer == null) {
      logical.put("name", model);
      logical.put("fullyQualifiedName", model);
      logical.put("kind", "module");
    } else {
      String name = ReportText.plain(layer.name());
      logical.put("name", name);
      logical.put("fullyQualifiedName", model + "/" + name);
      logical.put("kind", "function");
    }
    node.putObject("partialFingerprints")
        .put(FINGERPRINT, rule.id() + ":" + (layer == null ? "network" : layer.name()));
    ObjectNode properties = node.putObject("properties");
    double k = report.gate().maxLipschitz();
    properties.put("maxLipschitz", k);
    if (layer == null) {
      properties.put("verdict", report.gate().verdict());
      putFinite(properties, "upperBound", report.network().upperBound());
      putFinite(properties, "lowerBound", report.network().lowerBound());
    } else {
      properties.put("op", ReportText.plain(layer.op()));
      putFinite(properties, "upper", layer.upper());
      putFinite(properties, "lower", layer.lower());
    }
  }

  /** The run's property bag: the model, the gate and the network bounds. */
  private static ObjectNode summary(CertificateReport report) {
    ObjectNode properties = MAPPER.createObjectNode();
    ObjectNode model = properties.putObject("model");
    model.put("sha256", report.model().sha256());
    model.put("format", report.model().format());
    model.put("name", report.model().name());
    model.put("parameters", report.model().parameters());
    if (report.gate() != null) {
      properties
          .putObject("gate")
          .put("maxLipschitz", report.gate().maxLipschitz())
          .put("verdict", report.gate().verdict());
    }
    NetworkReport network = report.network();
    ObjectNode bounds = properties.putObject("network");
    putFinite(bounds, "upperBound", network.upperBound());
    bounds.put("upperBoundMethod", network.upperBoundMethod());
    putFinite(bounds, "lowerBound", network.lowerBound());
    return properties;
  }

  private static void putFinite(ObjectNode node, String name, double value) {
    if (Double.isFinite(value)) {
      node.put(name, value);
    }
  }

  private static String level(GateFindings.Rule rule) {
    return rule.isNetwork() ? "error" : "warning";
  }

  private static String modelName(CertificateReport report) {
    String name = report.model().name();
    return name == null || name.isBlank() ? "model" : ReportText.plain(name);
  }

  /**
   * Returns the URI of a model file: for a relative path its normalised segments, percent-encoded
   * (RFC 3986) and joined by {@code /} whatever the platform's separator, e.g. {@code
   * models/my%20net.onnx}; for an absolute path its {@code file:} URI.
   *
   * @param file the path as the user gave it
   * @return the URI reference
   */
  static String artifactUri(Path file) {
    if (file.isAbsolute()) {
      return file.toUri().toASCIIString();
    }
    StringBuilder uri = new StringBuilder();
    for (Path segment : file.normalize()) {
      if (!uri.isEmpty()) {
        uri.append('/');
      }
      for (byte b : segment.toString().getBytes(StandardCharsets.UTF_8)) {
        char c = (char) (b & 0xFF);
        if (c >= 'A' && c <= 'Z'
            || c >= 'a' && c <= 'z'
            || c >= '0' && c <= '9'
            || c == '-'
            || c == '.'
            || c == '_'
            || c == '~') {
          uri.append(c);
        } else {
          uri.append('%').append(String.format("%02X", b & 0xFF));
        }
      }
    }
    return uri.toString();
  }
}
