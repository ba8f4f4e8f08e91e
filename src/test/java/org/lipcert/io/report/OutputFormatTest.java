package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;

/** {@link OutputFormat}: identifiers, lookup, and the writer of each format. */
class OutputFormatTest {

  @Test
  void identifiersAreLowerCaseAndLookupIgnoresCase() {
    assertThat(OutputFormat.ids()).isEqualTo("json, text");
    assertThat(OutputFormat.fromId("json")).isEqualTo(OutputFormat.JSON);
    assertThat(OutputFormat.fromId("TEXT")).isEqualTo(OutputFormat.TEXT);
  }

  @Test
  void unknownIdentifierIsRefusedWithTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> OutputFormat.fromId("sarif"))
        .withMessage("unknown output format 'sarif'; expected one of: json, text");
  }

  @Test
  void eachFormatHasItsWriter() {
    assertThat(OutputFormat.JSON.writer()).isInstanceOf(JsonReportWriter.class);
    assertThat(OutputFormat.TEXT.writer()).isInstanceOf(TextReportWriter.class);
  }
}
