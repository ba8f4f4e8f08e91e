package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link TextReportWriter}: the sections a reader looks for, the gate sentence of each verdict, and
 * rounding in the safe direction. Oracle for the rounding: the exact decimal value of the double
 * ({@link BigDecimal#BigDecimal(double)}), compared with the displayed string.
 */
class TextReportWriterTest {

  private static String write(CertificateReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new TextReportWriter().write(report, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void showsModelLayerTableNetworkAndTimings() throws IOException {
    String text = write(Reports.sample(null, 2.7386127, 4.8573276));

    assertThat(text)
        .startsWith("model    tiny-mlp (lipcert/v1, 18 parameters)\n")
        .contains("sha256   " + "ab".repeat(32))
        .containsPattern(
            "(?m)^options  norm 2, tolerance \\S+, max iterations 2000, seed 0, exact SVD up to"
                + " 256, materialize up to 1024, upper bound auto, network bounds auto, witness"
                + " samples 32$")
        .containsPattern("(?m)^layer\\s+op\\s+input\\s+output\\s+lower\\s+upper\\s+gap\\s+method")
        .containsPattern(
            "(?m)^fc1\\s+dense\\s+\\[4]\\s+\\[3]\\s+3.2382167\\s+3.2382184\\s+1.0000005\\s+svd\\+cholesky\\s+0\\s+yes$")
        .containsPattern(
            "(?m)^fc2\\s+dense\\s+\\[3]\\s+\\[1]\\s+0\\s+1.5\\s+-\\s+power\\+gram\\s+2000\\s+no$")
        .contains("1 layer has a bracket wider than the tolerance")
        .containsPattern("(?m)^network\\s+upper bound\\s+4.8573276\\s+certified \\(naive")
        .containsPattern(
            "(?m)^\\s+lower bound\\s+2.7386127\\s+witnessed \\(seed 0, sample 21, step 0.000010336281\\)$")
        .contains("timings  parse 3 ms, layers 20 ms, network 5 ms, total 28 ms")
        .doesNotContain("gate");
  }

  @Test
  void showsTheWeightStatisticsPerLayerAndForAllLayers() throws IOException {
    String text = write(Reports.sample(null, 2.7, 4.8));

    assertThat(text)
        .containsPattern("(?m)^weights\\s+count\\s+sum\\|w\\|\\s+sum w\\^2\\s+max\\|w\\|\\s+zeros$")
        .containsPattern("(?m)^fc1\\s+12\\s+10.5\\s+18.25\\s+3\\s+33.33%$")
        .containsPattern("(?m)^fc2\\s+3\\s+2.5\\s+2.25\\s+1\\s+0%$")
        .containsPattern("(?m)^\\(all layers\\)\\s+15\\s+13\\s+20.5\\s+3\\s+26.67%$");
  }

  @Test
  void saysWhenMaterialisationWasOff() throws IOException {
    CertificateReport sample = Reports.sample(null, 2.7, 4.8);
    OptionsReport o = sample.options();
    OptionsReport off =
        new OptionsReport(
            o.norm(),
            o.tolerance(),
            o.maxIterations(),
            o.seed(),
            o.exactSvdMaxDimension(),
            0,
            o.upperBoundMethod(),
            o.bound(),
            o.witnessSamples(),
            o.maxLipschitz(),
            o.inputShape());

    String text =
        write(
            new CertificateReport(
                sample.model(),
                off,
                sample.layers(),
                sample.network(),
                sample.gate(),
                null,
                sample.timings()));

    assertThat(text).contains("exact SVD up to 256, materialize off, upper bound auto");
  }

  @Test
  void passSaysCertified() throws IOException {
    String text = write(Reports.sample(new GateReport(10, "PASS"), 2.7, 4.8));

    assertThat(text)
        .containsPattern("(?m)^gate\\s+PASS: certified 10-Lipschitz \\(upper bound 4.8 <= 10\\)$");
  }

  @Test
  void failSaysNotCertifiedButNotRefuted() throws IOException {
    String text = write(Reports.sample(new GateReport(3, "FAIL"), 2.7, 4.8));

    assertThat(text)
        .containsPattern("(?m)^gate\\s+FAIL: not certified 3-Lipschitz \\(upper bound 4.8 > 3\\)")
        .contains("not refuted either (lower bound 2.7 <= 3)")
        .doesNotContain("certainly");
  }

  @Test
  void failCertainSaysCertainlyNotKLipschitz() throws IOException {
    String text = write(Reports.sample(new GateReport(0.001, "FAIL_CERTAIN"), 2.7, 4.8));

    assertThat(text)
        .containsPattern(
            "(?m)^gate\\s+FAIL_CERTAIN: certainly not 0.001-Lipschitz \\(the witnessed lower bound 2.7 > 0.001\\)$");
  }

  @Test
  void controlCharactersInNamesCannotForgeLines() throws IOException {
    CertificateReport sample = Reports.sample(null, 1, 2);
    CertificateReport report =
        new CertificateReport(
            new ModelReport("00", "lipcert/v1", "evil\ngate     PASS\u001b[0m", 1),
            sample.options(),
            sample.layers(),
            sample.network(),
            null,
            null,
            sample.timings());

    String text = write(report);

    assertThat(text).doesNotContain("\u001b").doesNotContainPattern("(?m)^gate");
    assertThat(text).contains("evil?gate     PASS?[0m");
  }

  @Test
  void upperBoundsRoundUpAndLowerBoundsRoundDown() {
    SplittableRandom random = new SplittableRandom(20240611L);
    for (int i = 0; i < 10_000; i++) {
      double value = Math.scalb(random.nextDouble(1, 2), random.nextInt(-40, 40));
      BigDecimal exact = new BigDecimal(value);

      assertThat(new BigDecimal(TextReportWriter.up(value)))
          .as("displayed upper bound of %s", value)
          .isGreaterThanOrEqualTo(exact);
      assertThat(new BigDecimal(TextReportWriter.down(value)))
          .as("displayed lower bound of %s", value)
          .isLessThanOrEqualTo(exact);
      assertThat(new BigDecimal(TextReportWriter.up(value)).stripTrailingZeros().precision())
          .as("significant digits of %s", value)
          .isLessThanOrEqualTo(TextReportWriter.SIGNIFICANT_DIGITS);
    }
  }

  @Test
  void formatsSmallLargeAndSpecialNumbersReadably() {
    assertThat(TextReportWriter.up(4.0)).isEqualTo("4");
    assertThat(TextReportWriter.up(1.0000000001)).isEqualTo("1.0000001");
    assertThat(TextReportWriter.down(1.0000000001)).isEqualTo("1");
    assertThat(TextReportWriter.up(1e12)).isEqualTo("1E+12");
    assertThat(TextReportWriter.up(0)).isEqualTo("0");
    assertThat(TextReportWriter.up(Double.POSITIVE_INFINITY)).isEqualTo("Infinity");
    assertThat(TextReportWriter.exact(0.1)).isEqualTo("0.1");
    assertThat(TextReportWriter.exact(1e-6)).isEqualTo("0.000001");
  }
}
