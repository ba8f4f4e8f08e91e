package org.lipcert.core.advice;

/**
 * What to change in one weighted layer to meet a target (DESIGN §1, "Clipping and normalisation
 * suggestions").
 *
 * @param name the layer's name
 * @param opType its operation type
 * @param upper the certified upper bound on its norm now
 * @param budget {@code σ*}: the norm it may have
 * @param normalizationFactor {@code s = min(1, σ* / upper)}, rounded down: {@code W ← s·W} gives
 *     {@code ‖W‖ ≤ s·upper ≤ σ*}
 * @param clipThreshold the largest clip value {@code c} found for these weights with a certified
 *     {@code ‖clamp(W, −c, c)‖ ≤ σ*}, or {@code null} for a layer without a weight tensor to clip
 *     (a batch normalisation)
 * @param clippedUpper the certified norm of the layer clipped at {@code clipThreshold}, or {@code
 *     null}
 * @param anyWeightsThreshold the clip value that guarantees {@code σ*} for any weights of this
 *     layout ({@code σ* / sqrt(m·n)} for a dense layer), or {@code null} without a weight tensor
 */
public record LayerSuggestion(
    String name,
    String opType,
    double upper,
    double budget,
    double normalizationFactor,
    Double clipThreshold,
    Double clippedUpper,
    Double anyWeightsThreshold) {}
