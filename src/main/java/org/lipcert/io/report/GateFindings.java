package org.lipcert.io.report;

import java.util.ArrayList;
import java.util.List;

/**
 * What a failed gate reports, shared by the CI formats (JUnit XML, SARIF, Markdown) so that they
 * fail the same things with the same words.
 *
 * <p>The rules, for a report with a gate {@code K}:
 *
 * <ul>
 *   <li>The network fails when the verdict is not {@code PASS}: {@link Rule#NETWORK_NOT_CERTIFIED}
 *       for {@code FAIL} (certified upper bound {@code > K ≥} witnessed lower bound), {@link
 *       Rule#NETWORK_CERTAINLY_NOT_LIPSCHITZ} for {@code FAIL_CERTAIN} (witnessed lower bound
 *       {@code > K}).
 *   <li>When the network fails, a layer fails ({@link Rule#LAYER_OVER_BUDGET}, it "blew the
 *       budget") when its own certified upper bound exceeds {@code K}, the threshold for the whole
 *       network. It is where to look first, not a proof that the layer causes the failure: the
 *       network's bound combines all layers, and layers each within {@code K} can still fail the
 *       network together.
 *   <li>When the verdict is {@code PASS} nothing fails, not even a layer whose own bound exceeds
 *       {@code K}: later layers contract enough for the network to be certified, and a failed test
 *       case would contradict the gate's exit code 0. The formats mention such a layer as a note.
 *   <li>Without a gate nothing fails.
 * </ul>
 *
 * Non-converged layers never fail: their upper bounds are certified all the same.
 */
final class GateFindings {

  /** The kinds of finding, with the identifiers the CI formats use (SARIF rule ids). */
  enum Rule {
    /** The gate's verdict is {@code FAIL}. */
    NETWORK_NOT_CERTIFIED(
        "lipcert/network-not-certified",
        "NetworkNotCertified",
        "The network is not certified K-Lipschitz.",
        "The certified upper bound on the network's Lipschitz constant exceeds the gate's"
            + " threshold K, while the witnessed lower bound does not: the network may or may not"
            + " be K-Lipschitz, and LipCert could not prove that it is. Tighten the bound (e.g."
            + " --tolerance, --materialize-max-dimension) or reduce the layers' norms (spectral"
            + " normalisation, weight clipping)."),
    /** The gate's verdict is {@code FAIL_CERTAIN}. */
    NETWORK_CERTAINLY_NOT_LIPSCHITZ(
        "lipcert/network-certainly-not-lipschitz",
        "NetworkCertainlyNotLipschitz",
        "The network is certainly not K-Lipschitz.",
        "A pair of inputs was found whose difference quotient, rounding errors subtracted,"
            + " exceeds the gate's threshold K: no tighter bound can make this network"
            + " K-Lipschitz. The weights must change (spectral normalisation, weight clipping,"
            + " retraining with a Lipschitz penalty)."),
    /** A layer's own certified upper bound exceeds {@code K} in a failed gate. */
    LAYER_OVER_BUDGET(
        "lipcert/layer-over-budget",
        "LayerOverBudget",
        "A layer alone exceeds the network's Lipschitz budget K.",
        "The gate failed, and this layer's certified upper bound on its operator norm is by"
            + " itself larger than the threshold K for the whole network. It is the first place"
            + " to look: scaling its weights down (spectral normalisation, clipping) lowers the"
            + " network's bound. It is not a proof that this layer causes the failure, since the"
            + " network's bound combines all layers.");

    private final String id;
    private final String ruleName;
    private final String shortDescription;
    private final String fullDescription;

    Rule(String id, String ruleName, String shortDescription, String fullDescription) {
      this.id = id;
      this.ruleName = ruleName;
      this.shortDescription = shortDescription;
      this.fullDescription = fullDescription;
    }

    /** Returns the stable identifier, e.g. {@code lipcert/layer-over-budget}. */
    String id() {
      return id;
    }

    /** Returns the PascalCase name, e.g. {@code LayerOverBudget}. */
    String ruleName() {
      return ruleName;
    }

    /** Returns the one-sentence description. */
    String shortDescription() {
      return shortDescription;
    }

    /** Returns the description with what to do about it. */
    String fullDescription() {
      return fullDescription;
    }

    /** Returns whether the finding concerns the network as a whole (not one layer). */
    boolean isNetwork() {
      return this != LAYER_OVER_BUDGET;
    }
  }

  /**
   * One thing that failed.
   *
   * @param rule what kind of failure
   * @param layer the layer, {@code null} for the network
   * @param message one line saying what failed, with the compared numbers
   */
  record Finding(Rule rule, LayerReport layer, String message) {}

  private GateFindings() {}

  /**
   * Returns the findings of a report: the network's first (if it failed), then the layers' in graph
   * order; empty when there is no gate or it passed.
   */
  static List<Finding> of(CertificateReport report) {
    List<Finding> findings = new ArrayList<>();
    Finding network = network(report);
    if (network == null) {
      return findings;
    }
    findings.add(network);
    for (LayerReport layer : report.layers()) {
      Finding finding = layer(report, layer);
      if (finding != null) {
        findings.add(finding);
      }
    }
    return findings;
  }

  /**
   * Returns the network's finding, or {@code null} when there is no gate or it passed.
   *
   * @param report the report
   * @return the finding, its message the {@link #verdict verdict line}
   */
  static Finding network(CertificateReport report) {
    GateReport gate = report.gate();
    if (gate == null || "PASS".equals(gate.verdict())) {
      return null;
    }
    Rule rule =
        "FAIL_CERTAIN".equals(gate.verdict())
            ? Rule.NETWORK_CERTAINLY_NOT_LIPSCHITZ
            : Rule.NETWORK_NOT_CERTIFIED;
    return new Finding(rule, null, verdict(gate, report.network()));
  }

  /**
   * Returns the verdict and what it means, quoting the compared numbers in full: {@code PASS:
   * certified K-Lipschitz (upper bound U <= K)}, {@code FAIL: not certified K-Lipschitz (upper
   * bound U > K), but not refuted either (lower bound L <= K)} or {@code FAIL_CERTAIN: certainly
   * not K-Lipschitz (the witnessed lower bound L > K)}. Plain ASCII.
   *
   * @param gate the gate
   * @param network the network's bounds
   * @return one line, without line break
   */
  static String verdict(GateReport gate, NetworkReport network) {
    String k = BoundDecimals.exact(gate.maxLipschitz());
    String sentence =
        switch (gate.verdict()) {
          case "PASS" ->
              "certified "
                  + k
                  + "-Lipschitz (upper bound "
                  + BoundDecimals.exact(network.upperBound())
                  + " <= "
                  + k
                  + ")";
          case "FAIL_CERTAIN" ->
              "certainly not "
                  + k
                  + "-Lipschitz (the witnessed lower bound "
                  + BoundDecimals.exact(network.lowerBound())
                  + " > "
                  + k
                  + ")";
          default ->
              "not certified "
                  + k
                  + "-Lipschitz (upper bound "
                  + BoundDecimals.exact(network.upperBound())
                  + " > "
                  + k
                  + "), but not refuted either (lower bound "
                  + BoundDecimals.exact(network.lowerBound())
                  + " <= "
                  + k
                  + ")";
        };
    return ReportText.plain(gate.verdict()) + ": " + sentence;
  }

  /**
   * Returns a layer's finding: present when the gate failed and the layer's certified upper bound
   * alone exceeds {@code K}.
   *
   * @param report the report
   * @param layer one of its layers
   * @return the finding, or {@code null}
   */
  static Finding layer(CertificateReport report, LayerReport layer) {
    if (network(report) == null || !exceedsThreshold(report, layer)) {
      return null;
    }
    String k = BoundDecimals.exact(report.gate().maxLipschitz());
    return new Finding(
        Rule.LAYER_OVER_BUDGET,
        layer,
        "layer '"
            + ReportText.plain(layer.name())
            + "' ("
            + ReportText.plain(layer.op())
            + ") blew the budget: its certified upper bound "
            + BoundDecimals.exact(layer.upper())
            + " alone exceeds K = "
            + k);
  }

  /**
   * Returns whether a gate was given and the layer's certified upper bound exceeds its threshold,
   * whatever the verdict.
   */
  static boolean exceedsThreshold(CertificateReport report, LayerReport layer) {
    return report.gate() != null && layer.upper() > report.gate().maxLipschitz();
  }
}
