package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * Validates JUnit XML reports against {@value #SCHEMA}, the Jenkins/Ant shape of the Surefire
 * report, with the JDK's {@code javax.xml.validation}, and checks what the schema cannot: that the
 * suite's counts equal the numbers of test cases and of their failures, errors and skips.
 */
public final class JUnitSchema {

  /** The schema, a test resource. */
  public static final String SCHEMA = "junit/junit-report.xsd";

  private static final Schema COMPILED = compile();

  private JUnitSchema() {}

  private static Schema compile() {
    URL url = JUnitSchema.class.getClassLoader().getResource(SCHEMA);
    try {
      SchemaFactory factory = SchemaFactory.newDefaultInstance();
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file,jar:file");
      return factory.newSchema(url);
    } catch (SAXException e) {
      throw new IllegalStateException("the test schema " + SCHEMA + " does not compile", e);
    }
  }

  /**
   * Validates a document against the schema.
   *
   * @param xml the document
   * @throws SAXException with the validator's message if it is not valid
   */
  public static void validate(byte[] xml) throws SAXException, IOException {
    var validator = COMPILED.newValidator();
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    validator.validate(new StreamSource(new ByteArrayInputStream(xml)));
  }

  /**
   * Asserts that a JUnit XML report is valid and consistent, and returns it parsed.
   *
   * @param xml the document
   * @return its DOM
   */
  public static Document assertValid(byte[] xml) {
    try {
      validate(xml);
    } catch (SAXException | IOException e) {
      throw new AssertionError(
          "not a valid JUnit XML report: "
              + e.getMessage()
              + "\n"
              + new String(xml, StandardCharsets.UTF_8),
          e);
    }
    Document document = parse(xml);
    Element suite = document.getDocumentElement();
    assertThat(suite.getTagName()).isEqualTo("testsuite");
    NodeList cases = suite.getElementsByTagName("testcase");
    assertThat(count(suite, "tests"))
        .as("tests = number of <testcase>")
        .isEqualTo(cases.getLength());
    assertThat(count(suite, "failures"))
        .as("failures = number of <failure>")
        .isEqualTo(suite.getElementsByTagName("failure").getLength());
    assertThat(count(suite, "errors"))
        .as("errors = number of <error>")
        .isEqualTo(suite.getElementsByTagName("error").getLength());
    assertThat(count(suite, "skipped"))
        .as("skipped = number of <skipped>")
        .isEqualTo(suite.getElementsByTagName("skipped").getLength());
    return document;
  }

  /** Returns a count attribute; an absent one (they are optional but for tests) is 0. */
  private static int count(Element suite, String attribute) {
    String value = suite.getAttribute(attribute);
    return value.isEmpty() ? 0 : Integer.parseInt(value);
  }

  /** Parses a document without validating it; external entities are refused. */
  public static Document parse(byte[] xml) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newDefaultInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    } catch (ParserConfigurationException | SAXException | IOException e) {
      throw new AssertionError("not well-formed XML: " + e.getMessage(), e);
    }
  }
}
