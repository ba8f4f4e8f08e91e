package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * {@link JUnitReportWriter}: every verdict gives a document valid against the Surefire/JUnit schema
 * ({@link JUnitSchema}), with one test case per layer plus one for the network, and fails exactly
 * what {@link GateFindings} says. Oracle: the hand-built {@link Reports#sample} report, whose layer
 * upper bounds are 3.238… (fc1) and 1.5 (fc2), against thresholds on either side of them.
 */
class JUnitReportWriterTest {

  private static byte[] write(CertificateReport report) throws IOException {
    return write(report, null);
  }

  private static byte[] write(CertificateReport report, Path modelFile) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new JUnitReportWriter(modelFile).write(report, out);
    return out.toByteArray();
  }

  /** The test cases by name, each with its failure element or {@code null}. */
  private static Map<String, Element> failures(Document document) {
    Map<String, Element> cases = new LinkedHashMap<>();
    NodeList list = document.getElementsByTagName("testcase");
    for (int i = 0; i < list.getLength(); i++) {
      Element testCase = (Element) list.item(i);
      NodeList failure = testCase.getElementsByTagName("failure");
      cases.put(
          testCase.getAttribute("name"),
          failure.getLength() == 0 ? null : (Element) failure.item(0));
    }
    return cases;
  }

  @Test
  void passIsValidWithOneTestCasePerLayerAndNoFailure() throws IOException {
    Document document =
        JUnitSchema.assertValid(write(Reports.sample(new GateReport(10, "PASS"), 2.7, 4.8)));

    Element suite = document.getDocumentElement();
    assertThat(suite.getAttribute("name")).isEqualTo("lipcert.tiny-mlp");
    assertThat(suite.getAttribute("tests")).isEqualTo("3");
    assertThat(suite.getAttribute("failures")).isEqualTo("0");
    assertThat(suite.getAttribute("time")).as("28 ms").isEqualTo("0.028");
    assertThat(failures(document))
        .containsOnlyKeys("layer fc1 (dense)", "layer fc2 (dense)", "network")
        .containsValues((Element) null);
    assertThat(new ArrayList<>(failures(document).keySet()))
        .as("graph order, network last")
        .containsExactly("layer fc1 (dense)", "layer fc2 (dense)", "network");
    Element network = testCase(document, "network");
    assertThat(network.getAttribute("classname")).isEqualTo("lipcert.tiny-mlp");
    assertThat(network.getAttribute("time")).as("network 5 ms").isEqualTo("0.005");
    assertThat(systemOut(network))
        .contains("upper bound 4.8 certified (naive", "lower bound 2.7 witnessed")
        .contains("gate PASS: certified 10-Lipschitz (upper bound 4.8 <= 10)");
  }

  @Test
  void failFailsTheNetworkAndTheLayersThatAloneExceedK() throws IOException {
    Document document =
        JUnitSchema.assertValid(write(Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8)));

    Map<String, Element> failures = failures(document);
    assertThat(document.getDocumentElement().getAttribute("failures")).isEqualTo("2");
    Element network = failures.get("network");
    assertThat(network.getAttribute("type")).isEqualTo("lipcert/network-not-certified");
    assertThat(network.getAttribute("message"))
        .isEqualTo(
            "FAIL: not certified 2-Lipschitz (upper bound 4.8 > 2), but not refuted either"
                + " (lower bound 1.9 <= 2)");
    Element fc1 = failures.get("layer fc1 (dense)");
    assertThat(fc1.getAttribute("type")).isEqualTo("lipcert/layer-over-budget");
    assertThat(fc1.getAttribute("message"))
        .isEqualTo(
            "layer 'fc1' (dense) blew the budget: its certified upper bound 3.238218333443983"
                + " alone exceeds K = 2");
    assertThat(failures.get("layer fc2 (dense)")).as("1.5 <= 2: within the budget").isNull();
    assertThat(systemOut(testCase(document, "layer fc2 (dense)")))
        .contains("upper bound 1.5 <= K = 2: within the budget");
  }

  @Test
  void failCertainSaysCertainlyNotKLipschitz() throws IOException {
    Document document =
        JUnitSchema.assertValid(
            write(Reports.sample(new GateReport(0.001, "FAIL_CERTAIN"), 2.7, 4.8)));

    Map<String, Element> failures = failures(document);
    assertThat(document.getDocumentElement().getAttribute("failures")).isEqualTo("3");
    Element network = failures.get("network");
    assertThat(network.getAttribute("type")).isEqualTo("lipcert/network-certainly-not-lipschitz");
    assertThat(network.getAttribute("message"))
        .isEqualTo(
            "FAIL_CERTAIN: certainly not 0.001-Lipschitz (the witnessed lower bound 2.7 > 0.001)");
    assertThat(network.getTextContent()).contains("no tighter bound can make this network");
    assertThat(failures.get("layer fc2 (dense)").getAttribute("message"))
        .contains("blew the budget", "1.5 alone exceeds K = 0.001");
  }

  @Test
  void aPassingGateFailsNoLayerButNotesTheOneAboveK() throws IOException {
    // the network is certified ≤ 2 although fc1's own bound is 3.24: later layers contract
    Document document =
        JUnitSchema.assertValid(write(Reports.sample(new GateReport(2, "PASS"), 1.2, 1.9)));

    assertThat(document.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(systemOut(testCase(document, "layer fc1 (dense)")))
        .contains("alone exceeds K = 2, but the network is certified <= K");
  }

  @Test
  void withoutGateNothingFails() throws IOException {
    Document document = JUnitSchema.assertValid(write(Reports.sample(null, 0, 4.8)));

    assertThat(document.getDocumentElement().getAttribute("failures")).isEqualTo("0");
    assertThat(systemOut(testCase(document, "network")))
        .contains("no gate: give --max-lipschitz K for a verdict")
        .contains("gap -");
    assertThat(systemOut(testCase(document, "layer fc2 (dense)")))
        .contains("lower 0 <= ||fc2|| <= upper 1.5, gap -")
        .contains("not converged: the bracket is wider than the tolerance");
  }

  @Test
  void propertiesIdentifyTheModelAndEveryOption() throws IOException {
    CertificateReport report = Reports.sample(new GateReport(10, "PASS"), 2.7, 4.8);
    Document document = JUnitSchema.assertValid(write(report, Path.of("m", "a b.json")));

    Map<String, String> properties = new LinkedHashMap<>();
    NodeList list = document.getElementsByTagName("property");
    for (int i = 0; i < list.getLength(); i++) {
      Element property = (Element) list.item(i);
      properties.put(property.getAttribute("name"), property.getAttribute("value"));
    }
    assertThat(properties)
        .containsEntry("model.sha256", "ab".repeat(32))
        .containsEntry("model.file", Path.of("m", "a b.json").toString())
        .containsEntry("model.name", "tiny-mlp")
        .containsEntry("options.tolerance", "0.000001")
        .containsEntry("options.seed", "0")
        .containsEntry("gate.verdict", "PASS")
        .containsEntry("network.upperBound", "4.8")
        .containsEntry("network.lowerBound", "2.7")
        .containsKey("lipcert.version");
    for (RecordComponent option : OptionsReport.class.getRecordComponents()) {
      if (!option.getName().equals("inputShape") && valueOf(option, report.options()) != null) {
        assertThat(properties)
            .as("option %s", option.getName())
            .containsKey("options." + option.getName());
      }
    }
  }

  private static Object valueOf(RecordComponent component, OptionsReport options) {
    try {
      return component.getAccessor().invoke(options);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void suiteOutputIsTheTextReport() throws IOException {
    CertificateReport report = Reports.sample(new GateReport(10, "PASS"), 2.7, 4.8);
    Document document = JUnitSchema.assertValid(write(report));

    NodeList children = document.getDocumentElement().getChildNodes();
    Element last = null;
    for (int i = 0; i < children.getLength(); i++) {
      if (children.item(i) instanceof Element element) {
        last = element;
      }
    }
    assertThat(last.getTagName()).isEqualTo("system-out");
    assertThat(last.getTextContent()).isEqualTo(new TextReportWriter().render(report));
  }

  @Test
  void hostileNamesAreEscapedAndTheDocumentStaysValid() throws IOException {
    CertificateReport sample = Reports.sample(new GateReport(0.001, "FAIL_CERTAIN"), 2.7, 4.8);
    LayerReport fc1 = sample.layers().get(0);
    String evil = "a\"b<c>&d]]>e\u0001f\nnetwork\ud800g\uffff.h";
    LayerReport renamed =
        new LayerReport(
            evil,
            fc1.op(),
            fc1.inputShape(),
            fc1.outputShape(),
            fc1.lower(),
            fc1.upper(),
            fc1.gap(),
            fc1.method(),
            fc1.iterations(),
            fc1.converged(),
            fc1.statistics(),
            fc1.millis());
    CertificateReport report =
        new CertificateReport(
            new ModelReport("00", "lipcert/v1", evil, 1),
            sample.options(),
            List.of(renamed, sample.layers().get(1)),
            sample.network(),
            sample.gate(),
            null,
            sample.timings());

    byte[] xml = write(report);
    Document document = JUnitSchema.assertValid(xml);

    String safe = "a\"b<c>&d]]>e?f?network?g?.h";
    assertThat(failures(document)).containsKey("layer " + safe + " (dense)");
    assertThat(document.getDocumentElement().getAttribute("name"))
        .isEqualTo("lipcert." + safe.replace('.', '_'));
    assertThat(new String(xml, StandardCharsets.UTF_8)).doesNotContain("<c>", "\u0001");
  }

  @Test
  void theSchemaRejectsWhatIsNotAJUnitReport() {
    String missingName = "<testsuite tests=\"1\"><testcase classname=\"c\"/></testsuite>";
    String negativeCount = "<testsuite name=\"s\" tests=\"-1\"/>";
    String badTime = "<testsuite name=\"s\" tests=\"0\" time=\"1,5\"/>";
    String outOfOrder =
        "<testsuite name=\"s\" tests=\"1\"><testcase name=\"t\"/><properties/></testsuite>";
    String skippedAndFailed =
        "<testsuite name=\"s\" tests=\"1\"><testcase name=\"t\"><skipped/><failure/></testcase>"
            + "</testsuite>";
    String unknownElement = "<testsuite name=\"s\" tests=\"0\"><result/></testsuite>";
    String valid =
        "<testsuite name=\"s\" tests=\"1\" failures=\"1\" time=\"0.5\"><properties><property"
            + " name=\"a\" value=\"b\"/></properties><testcase name=\"t\" classname=\"c\""
            + " time=\"0.1\"><failure message=\"m\" type=\"t\">details</failure><system-out>o"
            + "</system-out></testcase><system-out/><system-err/></testsuite>";

    for (String xml :
        List.of(
            missingName, negativeCount, badTime, outOfOrder, skippedAndFailed, unknownElement)) {
      assertThatThrownBy(() -> JUnitSchema.validate(xml.getBytes(StandardCharsets.UTF_8)))
          .as(xml)
          .isInstanceOf(SAXException.class);
    }
    JUnitSchema.assertValid(valid.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void theSchemaAcceptsAReportInSurefiresOwnShape() throws IOException {
    byte[] sample;
    try (var in = getClass().getClassLoader().getResourceAsStream("junit/surefire-sample.xml")) {
      sample = in.readAllBytes();
    }

    Document document = JUnitSchema.assertValid(sample);

    assertThat(document.getElementsByTagName("testcase").getLength()).isEqualTo(5);
  }

  private static Element testCase(Document document, String name) {
    NodeList list = document.getElementsByTagName("testcase");
    for (int i = 0; i < list.getLength(); i++) {
      Element testCase = (Element) list.item(i);
      if (testCase.getAttribute("name").equals(name)) {
        return testCase;
      }
    }
    throw new AssertionError("no test case " + name);
  }

  private static String systemOut(Element testCase) {
    return testCase.getElementsByTagName("system-out").item(0).getTextContent();
  }
}
