package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link SarifReportWriter}: the fields SARIF 2.1.0 requires ({@code version}, {@code runs}, {@code
 * tool.driver.name}, each result's {@code message.text}) and those GitHub code scanning needs
 * (rules with ids, a physical location with an artifact URI and a line), and one result per failing
 * layer plus one for the failing network. Oracle: the hand-built {@link Reports#sample} report
 * (layer upper bounds 3.238… and 1.5) against thresholds on either side of them.
 */
class SarifReportWriterTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static JsonNode write(CertificateReport report, Path modelFile) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new SarifReportWriter(modelFile).write(report, out);
    String text = out.toString(StandardCharsets.UTF_8);
    assertThat(text).endsWith("}\n").doesNotContain("NaN", "Infinity");
    return MAPPER.readTree(text);
  }

  private static List<String> strings(JsonNode array, String field) {
    List<String> values = new ArrayList<>();
    array.forEach(node -> values.add(node.path(field).asString()));
    return values;
  }

  @Test
  void hasTheRequiredTopLevelFieldsAndOneRulePerKindOfFinding() throws IOException {
    JsonNode log = write(Reports.sample(new GateReport(10, "PASS"), 2.7, 4.8), null);

    assertThat(log.get("$schema").asString()).isEqualTo(SarifReportWriter.SCHEMA);
    assertThat(log.get("version").asString()).isEqualTo("2.1.0");
    assertThat(log.get("runs")).hasSize(1);
    JsonNode driver = log.get("runs").get(0).get("tool").get("driver");
    assertThat(driver.get("name").asString()).isEqualTo("LipCert");
    assertThat(driver.get("version").asString()).isNotBlank();
    JsonNode rules = driver.get("rules");
    assertThat(strings(rules, "id"))
        .containsExactly(
            "lipcert/network-not-certified",
            "lipcert/network-certainly-not-lipschitz",
            "lipcert/layer-over-budget");
    for (JsonNode rule : rules) {
      assertThat(rule.get("shortDescription").get("text").asString()).isNotBlank();
      assertThat(rule.get("fullDescription").get("text").asString()).isNotBlank();
      assertThat(rule.get("defaultConfiguration").get("level").asString()).isIn("error", "warning");
    }
    assertThat(log.get("runs").get(0).get("results")).as("PASS: nothing to report").isEmpty();
    assertThat(
            log.get("runs").get(0).get("invocations").get(0).get("executionSuccessful").asBoolean())
        .isTrue();
  }

  @Test
  void failingGateHasAResultForTheNetworkAndOnePerFailingLayer() throws IOException {
    JsonNode log =
        write(Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8), Path.of("models", "net.json"));

    JsonNode run = log.get("runs").get(0);
    JsonNode results = run.get("results");
    assertThat(strings(results, "ruleId"))
        .as("the network, then fc1 (3.24 > 2); not fc2 (1.5 <= 2)")
        .containsExactly("lipcert/network-not-certified", "lipcert/layer-over-budget");
    assertThat(strings(results, "level")).containsExactly("error", "warning");
    JsonNode rules = run.get("tool").get("driver").get("rules");
    for (JsonNode result : results) {
      int index = result.get("ruleIndex").asInt();
      assertThat(rules.get(index).get("id").asString())
          .as("ruleIndex points at the rule")
          .isEqualTo(result.get("ruleId").asString());
      JsonNode location = result.get("locations").get(0);
      JsonNode physical = location.get("physicalLocation");
      assertThat(physical.get("artifactLocation").get("uri").asString())
          .isEqualTo("models/net.json");
      assertThat(physical.get("region").get("startLine").asInt()).isEqualTo(1);
      assertThat(result.get("message").get("text").asString()).isNotBlank();
      assertThat(result.get("partialFingerprints").get(SarifReportWriter.FINGERPRINT).asString())
          .isNotBlank();
    }
    JsonNode network = results.get(0);
    assertThat(network.get("message").get("text").asString())
        .isEqualTo(
            "FAIL: not certified 2-Lipschitz (upper bound 4.8 > 2), but not refuted either"
                + " (lower bound 1.9 <= 2)");
    assertThat(
            network.get("locations").get(0).get("logicalLocations").get(0).get("name").asString())
        .isEqualTo("tiny-mlp");
    JsonNode fc1 = results.get(1);
    JsonNode logical = fc1.get("locations").get(0).get("logicalLocations").get(0);
    assertThat(logical.get("name").asString()).isEqualTo("fc1");
    assertThat(logical.get("fullyQualifiedName").asString()).isEqualTo("tiny-mlp/fc1");
    assertThat(fc1.get("message").get("text").asString())
        .contains("layer 'fc1' (dense) blew the budget", "alone exceeds K = 2");
    assertThat(fc1.get("properties").get("upper").asDouble()).isEqualTo(3.238218333443983);
    JsonNode artifact = run.get("artifacts").get(0);
    assertThat(artifact.get("location").get("uri").asString()).isEqualTo("models/net.json");
    assertThat(artifact.get("hashes").get("sha-256").asString()).isEqualTo("ab".repeat(32));
    assertThat(run.get("properties").get("gate").get("verdict").asString()).isEqualTo("FAIL");
  }

  @Test
  void failCertainUsesItsOwnRuleAndEveryLayerAboveKFails() throws IOException {
    JsonNode results =
        write(Reports.sample(new GateReport(0.001, "FAIL_CERTAIN"), 2.7, 4.8), Path.of("m.onnx"))
            .get("runs")
            .get(0)
            .get("results");

    assertThat(strings(results, "ruleId"))
        .containsExactly(
            "lipcert/network-certainly-not-lipschitz",
            "lipcert/layer-over-budget",
            "lipcert/layer-over-budget");
    assertThat(results.get(0).get("message").get("text").asString())
        .startsWith("FAIL_CERTAIN: certainly not 0.001-Lipschitz");
    assertThat(
            results.get(1).get("partialFingerprints").get(SarifReportWriter.FINGERPRINT).asString())
        .as("findings of the same rule on the same file stay distinct")
        .isNotEqualTo(
            results
                .get(2)
                .get("partialFingerprints")
                .get(SarifReportWriter.FINGERPRINT)
                .asString());
  }

  @Test
  void aPassingGateWithALayerAboveKAndNoGateReportNothing() throws IOException {
    assertThat(
            write(Reports.sample(new GateReport(2, "PASS"), 1.2, 1.9), null)
                .get("runs")
                .get(0)
                .get("results"))
        .isEmpty();
    assertThat(write(Reports.sample(null, 2.7, 4.8), null).get("runs").get(0).get("results"))
        .isEmpty();
  }

  @Test
  void withoutAModelFileResultsHaveOnlyALogicalLocation() throws IOException {
    JsonNode run =
        write(Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8), null).get("runs").get(0);

    assertThat(run.has("artifacts")).isFalse();
    JsonNode location = run.get("results").get(0).get("locations").get(0);
    assertThat(location.has("physicalLocation")).isFalse();
    assertThat(location.get("logicalLocations").get(0).get("kind").asString()).isEqualTo("module");
  }

  @Test
  void artifactUrisArePercentEncodedRelativeReferencesOrFileUris() {
    assertThat(SarifReportWriter.artifactUri(Path.of("./models/my net ä.onnx")))
        .isEqualTo("models/my%20net%20%C3%A4.onnx");
    assertThat(SarifReportWriter.artifactUri(Path.of("a#b?c%.json")))
        .isEqualTo("a%23b%3Fc%25.json");
    assertThat(SarifReportWriter.artifactUri(Path.of("/tmp/model.onnx").toAbsolutePath()))
        .startsWith("file:/")
        .endsWith("/tmp/model.onnx");
  }
}
