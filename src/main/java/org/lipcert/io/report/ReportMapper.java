package org.lipcert.io.report;

import java.util.List;
import java.util.Locale;
import org.lipcert.core.advice.ImpliedBound;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.Suggestions;
import org.lipcert.core.advice.WeightChange;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.LayerCertificate;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.certify.NetworkCertificate;
import org.lipcert.core.operator.WeightStatistics;

/** Maps a core {@link Certificate} to the report DTOs, explicitly, field by field. */
public final class ReportMapper {

  private ReportMapper() {}

  /**
   * Builds the report.
   *
   * @param certificate the certificate
   * @param parseMillis the time the adapter spent reading the model
   * @return the report
   */
  public static CertificateReport toReport(Certificate certificate, long parseMillis) {
    return toReport(certificate, parseMillis, null);
  }

  /**
   * Builds the report of a model read with an input-shape override.
   *
   * @param certificate the certificate
   * @param parseMillis the time the adapter spent reading the model
   * @param inputShape the override given by the user, or {@code null}
   * @return the report
   */
  public static CertificateReport toReport(
      Certificate certificate, long parseMillis, int[] inputShape) {
    return toReport(certificate, parseMillis, inputShape, null);
  }

  /**
   * Builds the report with suggestions for a target.
   *
   * @param certificate the certificate
   * @param parseMillis the time the adapter spent reading the model
   * @param inputShape the override given by the user, or {@code null}
   * @param suggestions the suggestions, or {@code null} when no target was given
   * @return the report
   */
  public static CertificateReport toReport(
      Certificate certificate, long parseMillis, int[] inputShape, Suggestions suggestions) {
    var model = certificate.model();
    List<LayerReport> layers = certificate.layers().stream().map(ReportMapper::layer).toList();
    var gate = certificate.gate();
    var timings = certificate.timings();
    return new CertificateReport(
        modelReport(model, certificate.parameters()),
        options(certificate.options(), inputShape),
        layers,
        network(certificate.network(), total(certificate.layers())),
        gate == null ? null : new GateReport(gate.maxLipschitz(), gate.verdict().name()),
        suggestions == null ? null : suggestions(suggestions),
        new TimingsReport(
            parseMillis,
            timings.layersMillis(),
            timings.networkMillis(),
            parseMillis + timings.totalMillis(),
            timings.budgetExhausted() ? Boolean.TRUE : null));
  }

  /**
   * Builds the report of an implied bound.
   *
   * @param model the model
   * @param clip the global clip value, or {@code null}
   * @param implied the bound
   * @return the report
   */
  public static ImpliedBoundReport toReport(LoadedModel model, Double clip, ImpliedBound implied) {
    return new ImpliedBoundReport(
        modelReport(model),
        clip,
        implied.bound(),
        implied.layers().stream()
            .map(
                l ->
                    new ImpliedBoundReport.Layer(
                        l.name(), l.opType(), l.clip(), l.gain(), l.constant()))
            .toList());
  }

  /**
   * Builds the report of a projection.
   *
   * @param original the certificate of the upload
   * @param projection the projection
   * @return the report
   */
  public static ProjectionReport toReport(Certificate original, Projection projection) {
    Certificate after = projection.certificate();
    return new ProjectionReport(
        modelReport(original.model(), original.parameters()),
        projection.target(),
        projection.mode().id(),
        projection.policy().id(),
        projection.margin(),
        original.network().upperBound(),
        original.network().lowerBound(),
        after.network().upperBound(),
        after.network().lowerBound(),
        after.model().sha256(),
        projection.changes().entrySet().stream()
            .map(
                e ->
                    e.getValue() instanceof WeightChange.Scale scale
                        ? new ProjectionReport.Change(e.getKey(), "scale", scale.factor())
                        : new ProjectionReport.Change(
                            e.getKey(), "clip", ((WeightChange.Clip) e.getValue()).threshold()))
            .toList());
  }

  private static ModelReport modelReport(LoadedModel model) {
    return modelReport(model, model.graph().parameterCount());
  }

  private static ModelReport modelReport(LoadedModel model, long parameters) {
    return new ModelReport(model.sha256(), model.format(), model.name(), parameters);
  }

  private static SuggestionsReport suggestions(Suggestions s) {
    return new SuggestionsReport(
        s.target(),
        s.policy().id(),
        s.feasible(),
        s.boundAtBudgets(),
        s.layers().stream()
            .map(
                l ->
                    new SuggestionsReport.LayerSuggestionReport(
                        l.name(),
                        l.opType(),
                        l.upper(),
                        l.budget(),
                        l.normalizationFactor(),
                        l.clipThreshold(),
                        l.clippedUpper(),
                        l.anyWeightsThreshold()))
            .toList());
  }

  private static OptionsReport options(CertificationOptions o, int[] inputShape) {
    return new OptionsReport(
        o.norm().id(),
        o.tolerance(),
        o.maxIterations(),
        o.seed(),
        o.exactSvdMaxDimension(),
        o.materializeMaxDimension(),
        o.upperBoundMethod().name().toLowerCase(Locale.ROOT),
        o.bound().id(),
        o.witnessSamples(),
        o.maxLipschitz(),
        inputShape == null ? null : inputShape.clone(),
        o.timeBudgetMillis() == 0 ? null : o.timeBudgetMillis());
  }

  private static LayerReport layer(LayerCertificate layer) {
    var bracket = layer.bracket();
    return new LayerReport(
        layer.name(),
        layer.opType(),
        layer.inputShape().dims(),
        layer.outputShape().dims(),
        bracket.lower(),
        bracket.upper(),
        finiteOrNull(bracket.gap()),
        bracket.method(),
        bracket.iterations(),
        bracket.converged(),
        statistics(layer.statistics()),
        layer.millis());
  }

  /**
   * Returns the statistics of all layers' weights together, {@link WeightStatistics#plus} folded
   * over the layers in graph order; all zero when no layer carries weights.
   */
  private static WeightStatistics total(List<LayerCertificate> layers) {
    WeightStatistics total = new WeightStatistics(0, 0, 0, 0, 0);
    for (LayerCertificate layer : layers) {
      if (layer.statistics() != null) {
        total = total.plus(layer.statistics());
      }
    }
    return total;
  }

  private static StatisticsReport statistics(WeightStatistics s) {
    return s == null
        ? null
        : new StatisticsReport(s.count(), s.l1(), s.l2Squared(), s.maxAbs(), s.zeroFraction());
  }

  private static NetworkReport network(NetworkCertificate network, WeightStatistics total) {
    var witness = network.witness();
    return new NetworkReport(
        network.upperBound(),
        network.upperBoundMethod(),
        network.naiveUpperBound(),
        network.lowerBound(),
        finiteOrNull(network.gap()),
        new WitnessReport(
            witness.seed(),
            witness.sample(),
            witness.pointSha256(),
            witness.step(),
            witness.quotient()),
        network.bounds().stream()
            .map(b -> new BoundReport(b.method(), b.value(), b.millis()))
            .toList(),
        statistics(total));
  }

  private static Double finiteOrNull(double value) {
    return Double.isFinite(value) ? value : null;
  }
}
