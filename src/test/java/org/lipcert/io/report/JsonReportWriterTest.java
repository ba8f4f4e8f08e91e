package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@link JsonReportWriter}: the records serialized as they are (DESIGN §3, camelCase, the REST
 * schema), pretty-printed, absent values left out. Oracle: the report read back field by field.
 */
class JsonReportWriterTest {

  private static final JsonMapper MAPPER = JsonMapper.builder().build();

  private static String write(CertificateReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JsonReportWriter().write(report, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void writesTheReportSectionsInDesignOrderWithCamelCaseFields() throws IOException {
    JsonNode json =
        MAPPER.readTree(write(Reports.sample(new GateReport(4, "FAIL"), 2.7386, 4.8573)));

    List<String> sections = new ArrayList<>();
    json.propertyNames().forEach(sections::add);
    assertThat(sections)
        .as("top-level sections")
        .containsExactly("model", "options", "layers", "network", "gate", "timings");
    assertThat(json.get("model").get("sha256").asString()).isEqualTo("ab".repeat(32));
    assertThat(json.get("model").get("parameters").asLong()).isEqualTo(18);
    JsonNode fc1 = json.get("layers").get(0);
    assertThat(fc1.get("name").asString()).isEqualTo("fc1");
    assertThat(fc1.get("inputShape").get(0).asInt()).isEqualTo(4);
    assertThat(fc1.get("upper").asDouble()).as("full precision").isEqualTo(3.238218333443983);
    assertThat(fc1.get("statistics").get("l2Squared").asDouble()).isEqualTo(18.25);
    assertThat(json.get("network").get("upperBoundMethod").asString()).isEqualTo("naive");
    assertThat(json.get("network").get("witness").get("sample").asInt()).isEqualTo(21);
    assertThat(json.get("gate").get("verdict").asString()).isEqualTo("FAIL");
    assertThat(json.get("options").get("maxLipschitz").asDouble()).isEqualTo(4);
    List<String> options = new ArrayList<>();
    json.get("options").propertyNames().forEach(options::add);
    assertThat(options)
        .as("every option needed to reproduce the certificate, in CertificationOptions' terms")
        .containsExactly(
            "norm",
            "tolerance",
            "maxIterations",
            "seed",
            "exactSvdMaxDimension",
            "materializeMaxDimension",
            "upperBoundMethod",
            "bound",
            "witnessSamples",
            "maxLipschitz");
    assertThat(json.get("options").get("materializeMaxDimension").asInt()).isEqualTo(1024);
    assertThat(json.get("timings").get("totalMillis").asLong()).isEqualTo(28);
  }

  @Test
  void leavesOutTheGateWithoutThresholdAndGapsWithoutLowerBound() throws IOException {
    String text = write(Reports.sample(null, 0, 4.8573));
    JsonNode json = MAPPER.readTree(text);

    assertThat(json.has("gate")).as("gate without threshold").isFalse();
    assertThat(json.get("options").has("maxLipschitz")).isFalse();
    assertThat(json.get("layers").get(1).has("gap")).as("gap of a layer with lower 0").isFalse();
    assertThat(json.get("network").has("gap")).as("gap of a network with lower 0").isFalse();
    assertThat(text).doesNotContain("null", "NaN", "Infinity");
  }

  @Test
  void isPrettyPrintedEndsWithALineBreakAndDoesNotCloseTheStream() throws IOException {
    boolean[] closed = {false};
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    OutputStream out =
        new OutputStream() {
          @Override
          public void write(int b) {
            bytes.write(b);
          }

          @Override
          public void close() {
            closed[0] = true;
          }
        };

    new JsonReportWriter().write(Reports.sample(null, 2, 3), out);

    String text = bytes.toString(StandardCharsets.UTF_8);
    assertThat(text.lines().count()).as("one value per line").isGreaterThan(30);
    assertThat(text).endsWith("}\n");
    assertThat(closed[0]).as("the caller owns the stream").isFalse();
  }

  @Test
  void readsBackIntoTheSameRecords() throws IOException {
    CertificateReport report = Reports.sample(new GateReport(10, "PASS"), 2.7386, 4.8573);

    CertificateReport back = MAPPER.readValue(write(report), CertificateReport.class);

    assertThat(back.model()).isEqualTo(report.model());
    assertThat(back.options()).isEqualTo(report.options());
    assertThat(back.network()).isEqualTo(report.network());
    assertThat(back.gate()).isEqualTo(report.gate());
    assertThat(back.layers()).hasSize(2);
    assertThat(back.layers().get(0).upper()).isEqualTo(report.layers().get(0).upper());
  }
}
