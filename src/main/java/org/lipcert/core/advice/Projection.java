package org.lipcert.core.advice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;

/**
 * A projected model: the same model with weights rescaled or clipped so that its re-certified upper
 * bound is at most a target {@code K} (DESIGN §1, "Clipping and normalisation suggestions").
 *
 * <p>The changes come from {@link Advisor} for a slightly smaller target {@code K(1 − margin)}: the
 * projected file stores its weights in its own precision (float32 rounding of {@code s·w}) and is
 * bracketed afresh, so its certificate can differ from the budgets by about the bracket tolerance.
 * The model written by the adapter is loaded back and certified; if its upper bound still exceeds
 * {@code K}, the margin grows tenfold ({@link #MARGINS}). The result is never taken on trust:
 * {@link #certificate()} is the certificate of the written model.
 *
 * @param mode how weights were changed
 * @param policy the budget policy
 * @param target {@code K}
 * @param margin the margin of the accepted attempt
 * @param changes the change of every changed layer, by name, in graph order
 * @param certificate the certificate of the projected model, with upper bound {@code ≤ K}
 */
public record Projection(
    ProjectionMode mode,
    BudgetPolicy policy,
    double target,
    double margin,
    Map<String, WeightChange> changes,
    Certificate certificate) {

  /** The margins tried, in order. */
  public static final List<Double> MARGINS = List.of(1e-4, 1e-3, 1e-2, 1e-1);

  /** Copies the map, keeping its order. */
  public Projection {
    changes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(changes));
  }

  /** Writes a model with changed weights and loads it back; implemented by the adapters. */
  @FunctionalInterface
  public interface Writer {
    /**
     * Writes the model with the given changes and returns it as loaded from the written bytes.
     *
     * @param changes by layer name
     * @return the written model
     * @throws ProjectionException if a layer's weights cannot be changed in the file
     */
    LoadedModel write(Map<String, WeightChange> changes);
  }

  /** Thrown when no projection reaches the target; the message says why. */
  public static final class ProjectionException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what stopped the projection
     */
    public ProjectionException(String message) {
      super(message);
    }
  }

  /**
   * Projects a model.
   *
   * @param original the certificate of the model as uploaded
   * @param target {@code K ≥ 0}
   * @param mode normalise or clip
   * @param policy how budgets are shared
   * @param advisor computes the changes
   * @param certifier re-certifies the written model, with the original's options
   * @param writer writes and reloads the model
   * @return the projection
   * @throws ProjectionException if no budgets reach {@code K} or no margin gives a certified bound
   *     {@code ≤ K}
   */
  public static Projection project(
      Certificate original,
      double target,
      ProjectionMode mode,
      BudgetPolicy policy,
      Advisor advisor,
      Certifier certifier,
      Writer writer) {
    double best = Double.POSITIVE_INFINITY;
    for (double margin : MARGINS) {
      Suggestions suggestions =
          advisor.advise(original, target * (1 - margin), policy, mode == ProjectionMode.CLIP);
      if (!suggestions.feasible()) {
        throw new ProjectionException(
            "no weights reach the target "
                + target
                + ": the layers without weights alone (identity paths, poolings) give a bound of "
                + suggestions.boundAtBudgets());
      }
      Map<String, WeightChange> changes = changes(suggestions, mode);
      LoadedModel projected = writer.write(changes);
      Certificate certificate = certifier.certify(projected, original.options());
      double upper = certificate.network().upperBound();
      if (upper <= target) {
        return new Projection(mode, policy, target, margin, changes, certificate);
      }
      best = Math.min(best, upper);
    }
    throw new ProjectionException(
        "the projected model's certified bound stayed above the target "
            + target
            + " (best "
            + best
            + ") after "
            + MARGINS.size()
            + " attempts");
  }

  /**
   * Returns the changes a mode makes for given suggestions: the factor of every layer with {@code s
   * < 1} when normalising; when clipping, the clip of every layer whose weights exceed its
   * threshold and the factor of layers without a weight tensor.
   *
   * @param suggestions the suggestions
   * @param mode the mode
   * @return the changes by layer name, in graph order
   */
  public static Map<String, WeightChange> changes(Suggestions suggestions, ProjectionMode mode) {
    Map<String, WeightChange> changes = new LinkedHashMap<>();
    for (LayerSuggestion layer : suggestions.layers()) {
      if (mode == ProjectionMode.CLIP && layer.clipThreshold() != null) {
        if (layer.upper() > layer.budget()) {
          changes.put(layer.name(), new WeightChange.Clip(layer.clipThreshold()));
        }
      } else if (layer.normalizationFactor() < 1) {
        changes.put(layer.name(), new WeightChange.Scale(layer.normalizationFactor()));
      }
    }
    return changes;
  }
}
