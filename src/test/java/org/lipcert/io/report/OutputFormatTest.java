package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** {@link OutputFormat}: identifiers, lookup, and the writer of each format. */
class OutputFormatTest {

  @Test
  void identifiersAreLowerCaseAndLookupIgnoresCase() {
    assertThat(OutputFormat.ids()).isEqualTo("json, text, junit, sarif, markdown");
    assertThat(OutputFormat.fromId("json")).isEqualTo(OutputFormat.JSON);
    assertThat(OutputFormat.fromId("TEXT")).isEqualTo(OutputFormat.TEXT);
    assertThat(OutputFormat.fromId("JUnit")).isEqualTo(OutputFormat.JUNIT);
    assertThat(OutputFormat.fromId("sarif")).isEqualTo(OutputFormat.SARIF);
    assertThat(OutputFormat.fromId("markdown")).isEqualTo(OutputFormat.MARKDOWN);
  }

  @Test
  void unknownIdentifierIsRefusedWithTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OutputFormat.fromId("xml"))
        .withMessage(
            "unknown output format 'xml'; expected one of: json, text, junit, sarif, markdown");
  }

  @Test
  void eachFormatHasItsWriter() {
    assertThat(OutputFormat.JSON.writer()).isInstanceOf(JsonReportWriter.class);
    assertThat(OutputFormat.TEXT.writer()).isInstanceOf(TextReportWriter.class);
    assertThat(OutputFormat.JUNIT.writer()).isInstanceOf(JUnitReportWriter.class);
    assertThat(OutputFormat.SARIF.writer()).isInstanceOf(SarifReportWriter.class);
    assertThat(OutputFormat.MARKDOWN.writer()).isInstanceOf(MarkdownReportWriter.class);
  }
}
