package org.lipcert.io.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link MarkdownReportWriter}: the status word and verdict sentence of each verdict, the bounds,
 * the failures, the layer, bounds and weights tables, the notes, and text from the model kept in
 * code spans. Oracle: the hand-built {@link Reports#sample} report (fc1's upper bound 3.238…, fc2's
 * 1.5, fc2 not converged), its numbers rounded in the safe direction as in the text report.
 */
class MarkdownReportWriterTest {

  private static String write(CertificateReport report) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new MarkdownReportWriter(Path.of("models", "tiny.json")).write(report, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void passShowsTheVerdictBoundsAndTables() throws IOException {
    String md = write(Reports.sample(new GateReport(10, "PASS"), 2.7386127, 4.8573276));

    assertThat(md)
        .startsWith("### LipCert: PASS\n\n**PASS: certified 10-Lipschitz (upper bound 4.8573276")
        .contains(
            "Model `tiny-mlp` (`lipcert/v1`, 18 parameters) from `"
                + Path.of("models", "tiny.json")
                + "`.")
        .contains("| certified upper bound (`naive`) | 4.8573276 |")
        .contains("| witnessed lower bound | 2.7386127 |")
        .contains("| K (`--max-lipschitz`) | 10 |")
        .contains(
            "| `fc1` | `dense` | [4] | [3] | 3.2382167 | 3.2382184 | 1.0000005 | `svd+cholesky`"
                + " | 0 | yes | yes |")
        .contains("| `naive` (tightest) | 4.8573276 | 1 ms |")
        .contains("| **all layers** | 15 | 13 | 20.5 | 3 | 26.67% |")
        .contains("model sha256 `" + "ab".repeat(32) + "`")
        .doesNotContain("#### Failures");
  }

  @Test
  void failListsTheNetworkAndTheLayerOverBudget() throws IOException {
    String md = write(Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8));

    assertThat(md)
        .startsWith("### LipCert: FAIL\n\n**FAIL: not certified 2-Lipschitz (upper bound 4.8 > 2)")
        .contains("#### Failures")
        .contains(
            "- `lipcert/network-not-certified`: FAIL: not certified 2-Lipschitz (upper bound 4.8"
                + " > 2), but not refuted either (lower bound 1.9 <= 2)")
        .contains(
            "- `lipcert/layer-over-budget`: layer `fc1` blew the budget: its certified upper"
                + " bound 3.238218333443983 alone exceeds K = 2")
        .containsPattern("(?m)^\\| `fc1` .* \\| \\*\\*over budget\\*\\* \\|$")
        .containsPattern("(?m)^\\| `fc2` .* \\| \\*\\*no\\*\\* \\| yes \\|$");
  }

  @Test
  void failCertainSaysCertainlyNotKLipschitz() throws IOException {
    String md = write(Reports.sample(new GateReport(0.001, "FAIL_CERTAIN"), 2.7, 4.8));

    assertThat(md)
        .startsWith(
            "### LipCert: FAIL_CERTAIN\n\n**FAIL_CERTAIN: certainly not 0.001-Lipschitz (the"
                + " witnessed lower bound 2.7 > 0.001)**")
        .contains("`lipcert/network-certainly-not-lipschitz`");
  }

  @Test
  void withoutGateThereIsNoVerdictAndNoWithinKColumn() throws IOException {
    String md = write(Reports.sample(null, 0, 4.8));

    assertThat(md)
        .startsWith("### LipCert: CERTIFICATE\n\nNo threshold was given")
        .contains("| gap (upper / lower) | - |")
        .doesNotContain("within K", "K (`--max-lipschitz`)", "PASS", "FAIL");
  }

  @Test
  void notesNameTheNonConvergedLayersAndTheLayersAboveKOfAPassingGate() throws IOException {
    String md = write(Reports.sample(new GateReport(2, "PASS"), 1.2, 1.9));

    assertThat(md)
        .contains("#### Notes")
        .contains(
            "- 1 layer did not converge (`fc2`): the bracket is wider than the tolerance 0.000001.")
        .contains("- The upper bound of `fc1` alone exceeds K, but the network is certified")
        .containsPattern("(?m)^\\| `fc1` .* \\| above K \\|$");
  }

  @Test
  void everyTableRowHasAsManyCellsAsItsHeader() throws IOException {
    String md = write(Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8));

    int columns = -1;
    for (String line : md.split("\n")) {
      if (!line.startsWith("|")) {
        columns = -1;
        continue;
      }
      int cells = cells(line);
      if (columns < 0) {
        columns = cells;
      }
      assertThat(cells).as(line).isEqualTo(columns);
    }
  }

  @Test
  void textFromTheModelStaysInCodeSpans() {
    assertThat(MarkdownReportWriter.code("fc1", false)).isEqualTo("`fc1`");
    assertThat(MarkdownReportWriter.code("a`b", false)).isEqualTo("``a`b``");
    assertThat(MarkdownReportWriter.code("`x", false)).isEqualTo("`` `x ``");
    assertThat(MarkdownReportWriter.code("a|b", true)).isEqualTo("`a\\|b`");
    assertThat(MarkdownReportWriter.code("a|b", false)).isEqualTo("`a|b`");
    assertThat(MarkdownReportWriter.code("line\n### FAIL", false)).isEqualTo("`line?### FAIL`");
    assertThat(MarkdownReportWriter.code("", false)).isEqualTo("` `");
  }

  @Test
  void hostileLayerNamesCannotAddRowsOrLines() throws IOException {
    CertificateReport sample = Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8);
    LayerReport fc1 = sample.layers().get(0);
    LayerReport evil =
        new LayerReport(
            "x | y |\n| forged | row",
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
    List<LayerReport> layers = new ArrayList<>(sample.layers());
    layers.set(0, evil);
    CertificateReport report =
        new CertificateReport(
            sample.model(),
            sample.options(),
            layers,
            sample.network(),
            sample.gate(),
            null,
            sample.timings());

    String md = write(report);

    assertThat(md).doesNotContainPattern("(?m)^\\| forged");
    assertThat(md).contains("| `x \\| y \\|?\\| forged \\| row` | `dense` |");
  }

  @Test
  void aLargeModelListsOnlyItsNotableLayers() throws IOException {
    CertificateReport sample = Reports.sample(new GateReport(2, "FAIL"), 1.9, 4.8);
    LayerReport fc1 = sample.layers().get(0);
    List<LayerReport> layers = new ArrayList<>();
    for (int i = 0; i < MarkdownReportWriter.MAX_TABLE_LAYERS + 50; i++) {
      boolean over = i == 7;
      layers.add(
          new LayerReport(
              "l" + i,
              "dense",
              fc1.inputShape(),
              fc1.outputShape(),
              0.5,
              over ? 3 : 1,
              2.0,
              "power+gram",
              10,
              i != 42,
              fc1.statistics(),
              0));
    }
    CertificateReport report =
        new CertificateReport(
            sample.model(),
            sample.options(),
            layers,
            sample.network(),
            sample.gate(),
            null,
            sample.timings());

    String md = write(report);

    assertThat(md)
        .contains(
            "The model has 150 layers; listed are the 2 that fail, exceed K or did not converge.")
        .containsPattern("(?m)^\\| `l7` .* \\*\\*over budget\\*\\* \\|$")
        .containsPattern("(?m)^\\| `l42` .* \\| \\*\\*no\\*\\* \\| yes \\|$")
        .doesNotContain("`l0`")
        .contains("| **all layers** |");
  }

  @Test
  void manyFailingLayersAreListedUpToTheCap() throws IOException {
    CertificateReport sample = Reports.sample(new GateReport(0.001, "FAIL_CERTAIN"), 2.7, 4.8);
    List<LayerReport> layers = new ArrayList<>();
    for (int i = 0; i < 250; i++) {
      layers.add(sample.layers().get(0));
    }
    CertificateReport report =
        new CertificateReport(
            sample.model(),
            sample.options(),
            layers,
            sample.network(),
            sample.gate(),
            null,
            sample.timings());

    String md = write(report);

    assertThat(md.split("blew the budget", -1)).hasSize(MarkdownReportWriter.MAX_TABLE_LAYERS + 1);
    assertThat(md).contains("- and 150 more layers over budget\n");
    assertThat(md.length()).as("fits a pull-request comment").isLessThan(65_536);
  }

  /** Counts the cells of a table row: unescaped pipes minus one. */
  private static int cells(String row) {
    int pipes = 0;
    for (int i = 0; i < row.length(); i++) {
      if (row.charAt(i) == '|' && (i == 0 || row.charAt(i - 1) != '\\')) {
        pipes++;
      }
    }
    return pipes - 1;
  }
}
