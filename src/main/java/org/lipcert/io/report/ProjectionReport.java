package org.lipcert.io.report;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;

/**
 * What a projection did: the output of {@code lipcert project --format json}; the REST API sends
 * the same numbers as response headers next to the projected model.
 *
 * @param model the uploaded model
 * @param target {@code K}
 * @param mode {@code normalize} or {@code clip}
 * @param policy {@code proportional} or {@code uniform}
 * @param margin the relative margin below {@code K} the accepted changes were computed for
 * @param originalUpperBound the certified upper bound of the upload
 * @param originalLowerBound its witnessed lower bound
 * @param upperBound the certified upper bound of the projected model, {@code ≤ K}
 * @param lowerBound its witnessed lower bound
 * @param sha256 SHA-256 of the projected file
 * @param changes one entry per changed layer, in graph order
 */
@Schema(description = "A projected model's changes and certified bounds")
public record ProjectionReport(
    ModelReport model,
    double target,
    String mode,
    String policy,
    double margin,
    double originalUpperBound,
    double originalLowerBound,
    double upperBound,
    double lowerBound,
    String sha256,
    List<Change> changes) {

  /**
   * One layer's change.
   *
   * @param layer the layer's name
   * @param change {@code scale} ({@code w ← value·w}) or {@code clip} ({@code w ← clamp(w, −value,
   *     value)})
   * @param value the factor or the threshold
   */
  @Schema(name = "ProjectionChange", description = "How one layer's weights were changed")
  public record Change(String layer, String change, double value) {}
}
