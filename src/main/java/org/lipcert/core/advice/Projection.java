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
 * <p>A model already certified within {@code K} is left as it is (no changes, its own certificate).
 * Otherwise the changes come from {@link Advisor} for a slightly smaller target {@code K(1 −
 * margin)}: the projected file stores its weights in its own precision (float32 rounding of {@code
 * s·w}) and is bracketed afresh, so its certificate can differ from the budgets by about the
 * bracket tolerance. The model written by the adapter is loaded back and certified; if its upper
 * bound still exceeds {@code K}, the margin grows tenfold ({@link #MARGINS}). The result is never
 * taken on trust: {@link #certificate()} is the certificate of the written model.
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
    if (original.network().upperBound() <= target) {
      return new Projection(mode, policy, target, 0, Map.of(), original);
    }
    Attempt accepted = null;
    double best = Double.POSITIVE_INFINITY;
    for (double margin : MARGINS) {
      Attempt attempt =
          attempt(
              original, target * (1 - margin), margin, mode, policy, advisor, certifier, writer);
      if (attempt.upper() <= target) {
        accepted = attempt;
        break;
      }
      best = Math.min(best, attempt.upper());
    }
    if (accepted == null) {
      throw new ProjectionException(
          "the projected model's certified bound stayed above the target "
              + target
              + " (best "
              + best
              + ") after "
              + MARGINS.size()
              + " attempts");
    }
    // the budgets follow the graph rule, often far above the certified bound (Combettes–Pesquet,
    // LipSDP): raise them by the ratio still unused while the re-certified bound stays within K
    Attempt last = accepted;
    double step = target * (1 - accepted.margin()) / accepted.upper();
    for (int k = 0; k < REFINEMENTS && step > 1 + REFINEMENT_GAIN; k++) {
      last =
          attempt(
              original,
              accepted.graphTarget() * step,
              accepted.margin(),
              mode,
              policy,
              advisor,
              certifier,
              writer);
      if (last.upper() <= target && last.upper() > accepted.upper()) {
        accepted = last;
        step = target * (1 - accepted.margin()) / accepted.upper();
      } else {
        step = Math.sqrt(step); // overshot (clipping is not monotone): a smaller raise
      }
    }
    if (last != accepted) {
      writer.write(accepted.changes()); // the writer's output must be the accepted model
    }
    return new Projection(
        mode, policy, target, accepted.margin(), accepted.changes(), accepted.certificate());
  }

  /** The most attempts spent raising the budgets after a first success. */
  static final int REFINEMENTS = 3;

  /** The least relative room below {@code K} worth another refinement. */
  static final double REFINEMENT_GAIN = 1e-3;

  /** One written and re-certified model. */
  private record Attempt(
      double graphTarget,
      double margin,
      Map<String, WeightChange> changes,
      Certificate certificate,
      double upper) {}

  private static Attempt attempt(
      Certificate original,
      double graphTarget,
      double margin,
      ProjectionMode mode,
      BudgetPolicy policy,
      Advisor advisor,
      Certifier certifier,
      Writer writer) {
    Suggestions suggestions =
        advisor.advise(original, graphTarget, policy, mode == ProjectionMode.CLIP);
    if (!suggestions.feasible()) {
      throw new ProjectionException(
          "no weights reach the target "
              + graphTarget
              + ": the layers without weights alone (identity paths, poolings) give a bound of "
              + suggestions.boundAtBudgets());
    }
    Map<String, WeightChange> changes = changes(suggestions, mode);
    Certificate certificate = certifier.certify(writer.write(changes), original.options());
    return new Attempt(
        graphTarget, margin, changes, certificate, certificate.network().upperBound());
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
