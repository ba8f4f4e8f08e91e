package org.lipcert.core.advice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.LayerCertificate;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.Node;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.WeightedOperator;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * Turns a certificate and a target {@code K} into {@link Suggestions}: budgets on the graph rule
 * ({@link BudgetAllocation}), then per weighted layer its normalisation factor and clip thresholds
 * ({@link ClipSearch}). The clip searches are independent and run on the given executor.
 * Thread-safe.
 */
public final class Advisor {

  private final Executor executor;

  /**
   * Creates an advisor.
   *
   * @param executor runs the per-layer clip searches
   */
  public Advisor(Executor executor) {
    this.executor = executor;
  }

  /**
   * Returns the node constants of a certificate: for every node index, the certified upper bound of
   * a layer (affine or pooling), NaN for other nodes.
   *
   * @param certificate the certificate
   * @return the constants, indexed like {@code graph.nodes()}
   */
  public static double[] layerConstants(Certificate certificate) {
    Graph graph = certificate.model().graph();
    Map<String, LayerCertificate> byName = byName(certificate);
    double[] constants = new double[graph.nodes().size()];
    Arrays.fill(constants, Double.NaN);
    for (Node node : graph.nodes()) {
      LayerCertificate layer = byName.get(node.name());
      if (layer != null
          && (node.operation() instanceof AffineLayer || node.operation() instanceof MaxPool)) {
        constants[node.index()] = layer.bracket().upper();
      }
    }
    return constants;
  }

  /**
   * Returns whether a node is a weighted layer, whose budget the advice chooses: an affine layer
   * with trainable weights (dense, convolution, batch normalisation), not a pooling.
   */
  public static boolean isWeighted(Node node) {
    return node.operation() instanceof AffineLayer layer && layer.weightStatistics() != null;
  }

  /**
   * Computes the suggestions.
   *
   * @param certificate a certificate of the model
   * @param target {@code K ≥ 0}
   * @param policy the budget policy
   * @return the suggestions
   */
  public Suggestions advise(Certificate certificate, double target, BudgetPolicy policy) {
    return advise(certificate, target, policy, true);
  }

  /**
   * Computes the suggestions, optionally without the clip-threshold searches (which bracket every
   * layer a dozen times): without them, {@code clipThreshold} and {@code clippedUpper} are {@code
   * null}.
   *
   * @param certificate a certificate of the model
   * @param target {@code K ≥ 0}
   * @param policy the budget policy
   * @param searchClipThresholds whether to search the clip thresholds for these weights
   * @return the suggestions
   */
  public Suggestions advise(
      Certificate certificate, double target, BudgetPolicy policy, boolean searchClipThresholds) {
    if (certificate.options().norm() != org.lipcert.core.numeric.Norm.L2) {
      throw new IllegalArgumentException(
          "suggestions and projections are computed for the ℓ2 norm (norm 2) only");
    }
    Graph graph = certificate.model().graph();
    double[] constants = layerConstants(certificate);
    boolean[] adjusted = new boolean[constants.length];
    for (Node node : graph.nodes()) {
      adjusted[node.index()] = isWeighted(node);
    }
    BudgetAllocation allocation =
        BudgetAllocation.allocate(graph, constants, adjusted, target, policy);
    double[] budgets = allocation.budgets();
    SpectralOptions options = certificate.options().spectralOptions();
    Map<String, LayerCertificate> byName = byName(certificate);
    List<CompletableFuture<LayerSuggestion>> futures = new ArrayList<>();
    for (Node node : graph.nodes()) {
      if (!adjusted[node.index()]) {
        continue;
      }
      AffineLayer layer = (AffineLayer) node.operation();
      LayerCertificate certified = byName.get(node.name());
      double upper = certified.bracket().upper();
      double budget = budgets[node.index()];
      futures.add(
          CompletableFuture.supplyAsync(
              () -> suggest(node.name(), layer, upper, budget, options, searchClipThresholds),
              executor));
    }
    List<LayerSuggestion> layers = new ArrayList<>();
    for (CompletableFuture<LayerSuggestion> future : futures) {
      try {
        layers.add(future.join());
      } catch (CompletionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        throw e;
      }
    }
    return new Suggestions(target, policy, allocation.feasible(), allocation.bound(), layers);
  }

  private static LayerSuggestion suggest(
      String name,
      AffineLayer layer,
      double upper,
      double budget,
      SpectralOptions options,
      boolean searchClipThresholds) {
    double factor = normalizationFactor(upper, budget);
    if (!(layer.operator() instanceof WeightedOperator weighted)) {
      return new LayerSuggestion(name, layer.opType(), upper, budget, factor, null, null, null);
    }
    if (!searchClipThresholds) {
      double anyWeights =
          ClipSearch.float32Down(UpwardArithmetic.divideDown(budget, weighted.clipGain()));
      return new LayerSuggestion(
          name, layer.opType(), upper, budget, factor, null, null, anyWeights);
    }
    ClipSearch clip = ClipSearch.search(weighted, upper, budget, options);
    return new LayerSuggestion(
        name,
        layer.opType(),
        upper,
        budget,
        factor,
        clip.threshold(),
        clip.clippedUpper(),
        clip.anyWeightsThreshold());
  }

  /**
   * Returns {@code min(1, σ* / upper)} rounded down, so that {@code ‖sW‖ ≤ s·upper ≤ σ*}.
   *
   * @param upper a certified upper bound on {@code ‖W‖}
   * @param budget {@code σ*}
   * @return the factor
   */
  public static double normalizationFactor(double upper, double budget) {
    if (upper <= budget) {
      return 1;
    }
    return UpwardArithmetic.divideDown(budget, upper);
  }

  private static Map<String, LayerCertificate> byName(Certificate certificate) {
    Map<String, LayerCertificate> map = new HashMap<>();
    for (LayerCertificate layer : certificate.layers()) {
      map.put(layer.name(), layer);
    }
    return map;
  }
}
