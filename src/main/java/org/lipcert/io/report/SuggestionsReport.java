package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What to change to bring the network under a target constant {@code K} (present when the request
 * gave {@code target}).
 *
 * @param target {@code K}
 * @param policy {@code proportional} (every weighted layer keeps the same fraction of its norm) or
 *     {@code uniform} (equal budgets)
 * @param feasible whether budgets reaching {@code K} exist; {@code false} when the layers without
 *     weights alone exceed it (e.g. the identity path of a residual block with {@code K < 1})
 * @param boundAtBudgets the certified compositional bound with every weighted layer at its budget
 * @param layers one entry per weighted layer, in graph order
 */
@Schema(description = "Per-layer budgets, normalisation factors and clip thresholds for a target K")
public record SuggestionsReport(
    @Schema(example = "1") double target,
    @Schema(
            example = "proportional",
            allowableValues = {"proportional", "uniform"})
        String policy,
    boolean feasible,
    double boundAtBudgets,
    List<LayerSuggestionReport> layers) {

  /**
   * One layer's suggestion.
   *
   * @param name the layer
   * @param opType its operation type
   * @param upper the certified upper bound on its norm now
   * @param budget {@code σ*}: the norm it may have so that the network's bound is at most {@code K}
   * @param normalizationFactor {@code s = min(1, σ* / upper)}: {@code W ← s·W} (spectral
   *     normalisation) meets the budget
   * @param clipThreshold the largest element-wise clip value found for these weights whose clipped
   *     layer has a certified norm within the budget; {@code null} for a layer without a weight
   *     tensor (batch normalisation: rescale it instead)
   * @param clippedUpper the certified norm of the layer clipped at {@code clipThreshold}
   * @param anyWeightsThreshold the clip value that meets the budget for any weights of this layer's
   *     shape: {@code σ* / sqrt(m·n)} (dense), {@code σ* / sqrt((c_in/g)(c_out/g)·k_h·k_w·m_h·m_w)}
   *     (convolution)
   */
  @Schema(name = "LayerSuggestion", description = "A weighted layer's budget and how to meet it")
  public record LayerSuggestionReport(
      String name,
      String opType,
      double upper,
      double budget,
      double normalizationFactor,
      Double clipThreshold,
      Double clippedUpper,
      Double anyWeightsThreshold) {}
}
