package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.numeric.Norm;
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
        .isEqualTo(new OptionsReport("2", 1e-4, 321, 7L, 3, 77, "gram", "auto", 5, 12.5, null));
    int[] shape = {4};
    OptionsReport withShape =
        ReportMapper.toReport(new Certifier(Runnable::run).certify(model, options), 0, shape)
            .options();
    assertThat(withShape.inputShape())
        .as("the input-shape override is recorded")
        .containsExactly(4);
  }

  @Test
  void networkStatisticsAreTheLayersSummedWithZerosWeightedByCount() throws IOException {
    CertificateReport report =
        ReportMapper.toReport(
            new Certifier(Runnable::run).certify(tinyMlp(), CertificationOptions.defaults()), 0);

    // by hand from openapi/examples/tiny-mlp.json: fc1 has 12 weights, 4 of them zero; fc2 has 3
    assertThat(report.layers().get(0).statistics())
        .isEqualTo(new StatisticsReport(12, 10.5, 18.25, 3, 1.0 / 3));
    assertThat(report.layers().get(1).statistics())
        .isEqualTo(new StatisticsReport(3, 2.5, 2.25, 1, 0));
    StatisticsReport total = report.network().statistics();
    assertThat(total.weights()).isEqualTo(15);
    assertThat(total.l1()).isEqualTo(13);
    assertThat(total.l2Squared()).isEqualTo(20.5);
    assertThat(total.maxAbs()).isEqualTo(3);
    assertThat(total.zeroFraction())
        .as("4 zeros among 15 weights, not the mean of 1/3 and 0")
        .isCloseTo(4.0 / 15, within(1e-15));
  }

  @Test
  void layersWithoutWeightsDoNotCountInTheNetworkStatistics() {
    String json =
        """
        {"format": "lipcert/v1", "name": "pooled", "input": {"shape": [1, 4, 4]},
         "layers": [
           {"type": "conv2d", "name": "conv", "padding": 1,
            "weights": [[[[1, 0, 0], [0, -2, 0], [0, 0, 0.5]]]]},
           {"type": "maxpool", "name": "pool", "kernel": 2}
         ]}""";
    LoadedModel model =
        new ModelLoader(JsonReadLimits.defaults())
            .load(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    CertificateReport report =
        ReportMapper.toReport(
            new Certifier(Runnable::run).certify(model, CertificationOptions.defaults()), 0);

    assertThat(report.layers()).extracting(LayerReport::name).containsExactly("conv", "pool");
    assertThat(report.layers().get(1).statistics()).as("pooling has no weights").isNull();
    assertThat(report.network().statistics())
        .isEqualTo(new StatisticsReport(9, 3.5, 5.25, 2, 6.0 / 9));
  }

  private static LoadedModel tinyMlp() throws IOException {
    try (InputStream in =
        ReportMapperTest.class
            .getClassLoader()
            .getResourceAsStream("openapi/examples/tiny-mlp.json")) {
      return new ModelLoader(JsonReadLimits.defaults()).load(in.readAllBytes());
    }
  }

  private static String[] names(Class<? extends Record> type) {
    return Arrays.stream(type.getRecordComponents())
        .map(RecordComponent::getName)
        .toArray(String[]::new);
  }
}
