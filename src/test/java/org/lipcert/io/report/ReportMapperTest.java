package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.certify.Norm;
import org.lipcert.core.spectral.UpperBoundMethod;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.json.JsonReadLimits;

/**
 * {@link ReportMapper}: the report's options record every option of the certificate, so that it can
 * be reproduced (DESIGN §1.4). Oracle: the options passed in, none of them a default.
 */
class ReportMapperTest {

  @Test
  void optionsReportHasAFieldPerCertificationOption() {
    assertThat(names(OptionsReport.class))
        .as(
            "OptionsReport names every CertificationOptions component, in the same terms, and the"
                + " reader's input-shape override")
        .containsExactlyInAnyOrder(
            java.util.stream.Stream.concat(
                    java.util.Arrays.stream(names(CertificationOptions.class)),
                    java.util.stream.Stream.of("inputShape"))
                .toArray(String[]::new));
  }

  @Test
  void everyOptionIsMappedWithItsValue() throws IOException {
    CertificationOptions options =
        new CertificationOptions(Norm.L2, 1e-4, 321, 7L, 3, UpperBoundMethod.GRAM, 5, 12.5, 77);
    LoadedModel model;
    try (InputStream in =
        getClass().getClassLoader().getResourceAsStream("openapi/examples/tiny-mlp.json")) {
      model = new ModelLoader(JsonReadLimits.defaults()).load(in.readAllBytes());
    }

    OptionsReport report =
        ReportMapper.toReport(new Certifier(Runnable::run).certify(model, options), 0).options();

    assertThat(report)
        .isEqualTo(new OptionsReport("2", 1e-4, 321, 7L, 3, 77, "gram", 5, 12.5, null));
    int[] shape = {4};
    OptionsReport withShape =
        ReportMapper.toReport(new Certifier(Runnable::run).certify(model, options), 0, shape)
            .options();
    assertThat(withShape.inputShape())
        .as("the input-shape override is recorded")
        .containsExactly(4);
  }

  private static String[] names(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .toArray(String[]::new);
  }
}
