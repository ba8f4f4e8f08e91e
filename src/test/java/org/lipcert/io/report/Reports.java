package org.lipcert.io.report;

import java.util.List;

/** Hand-built reports for the writer tests. */
final class Reports {

  private Reports() {}

  /** A two-layer report with the given gate (or none) and network bounds. */
  static CertificateReport sample(GateReport gate, double lower, double upper) {
    return new CertificateReport(
        new ModelReport("ab".repeat(32), "lipcert/v1", "tiny-mlp", 18),
        new OptionsReport(
            "2",
            1e-6,
            2000,
            0,
            256,
            1024,
            "auto",
            "auto",
            32,
            gate == null ? null : gate.maxLipschitz(),
            null),
        List.of(
            new LayerReport(
                "fc1",
                "dense",
                new int[] {4},
                new int[] {3},
                3.238216714336017,
                3.238218333443983,
                1.0000004999998793,
                "svd+cholesky",
                0,
                true,
                new StatisticsReport(12, 10.5, 18.25, 3, 1.0 / 3),
                2),
            new LayerReport(
                "fc2",
                "dense",
                new int[] {3},
                new int[] {1},
                0,
                1.5,
                null,
                "power+gram",
                2000,
                false,
                new StatisticsReport(3, 2.5, 2.25, 1, 0),
                1)),
        new NetworkReport(
            upper,
            "naive",
            upper,
            lower,
            lower == 0 ? null : upper / lower,
            new WitnessReport(0, 21, "cd".repeat(32), 1.0336280749107695e-5, lower),
            java.util.List.of(new BoundReport("naive", upper, 1)),
            new StatisticsReport(15, 13, 20.5, 3, 4.0 / 15)),
        gate,
        null,
        new TimingsReport(3, 20, 5, 28));
  }
}
