package org.lipcert.io;

import java.util.Map;
import org.lipcert.core.advice.Advisor;
import org.lipcert.core.advice.BudgetPolicy;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.ProjectionMode;
import org.lipcert.core.advice.WeightChange;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.io.json.JsonProjector;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.OnnxProjector;
import org.lipcert.io.onnx.OnnxReadLimits;

/**
 * Projects a model file onto a target Lipschitz constant in its own format — ONNX in, ONNX out;
 * LipCert JSON in, JSON out — by delegating to {@link Projection}: certify the upload, write the
 * changed weights, load the written file back and certify it. Used by the REST API and the CLI.
 */
public final class ModelProjector {

  private final ModelLoader loader;
  private final JsonProjector json;
  private final OnnxProjector onnx;

  /**
   * Creates a projector.
   *
   * @param jsonLimits read limits for JSON documents
   * @param onnxLimits read limits for ONNX files
   */
  public ModelProjector(JsonReadLimits jsonLimits, OnnxReadLimits onnxLimits) {
    this.loader = new ModelLoader(jsonLimits, onnxLimits);
    this.json = new JsonProjector(jsonLimits);
    this.onnx = new OnnxProjector(onnxLimits);
  }

  /**
   * A projected file and its certificates.
   *
   * @param bytes the projected model, in the upload's format
   * @param format the format
   * @param original the certificate of the upload
   * @param projection the changes and the certificate of the written model
   */
  public record Projected(
      byte[] bytes, ModelFormat format, Certificate original, Projection projection) {}

  /**
   * Writes the model with changed weights, without certifying it.
   *
   * @param bytes the uploaded model
   * @param inputShape the ONNX input-shape override, or {@code null}
   * @param changes the changes by layer name
   * @return the new file
   */
  public byte[] write(byte[] bytes, int[] inputShape, Map<String, WeightChange> changes) {
    return switch (ModelFormat.detect(bytes)) {
      case JSON -> json.write(bytes, changes);
      case ONNX -> onnx.write(bytes, inputShape, changes);
      case UNKNOWN -> throw new IllegalArgumentException("not a model");
    };
  }

  /**
   * Projects a model.
   *
   * @param bytes the uploaded model
   * @param inputShape the ONNX input-shape override, or {@code null}
   * @param options the certification options (of the upload and of the projected file)
   * @param target {@code K}
   * @param mode normalise or clip
   * @param policy how budgets are shared
   * @param certifier certifies both models
   * @param advisor computes the changes
   * @return the projected file with its certificate, whose upper bound is {@code ≤ K}
   * @throws Projection.ProjectionException if the target cannot be reached
   */
  public Projected project(
      byte[] bytes,
      int[] inputShape,
      CertificationOptions options,
      double target,
      ProjectionMode mode,
      BudgetPolicy policy,
      Certifier certifier,
      Advisor advisor) {
    Certificate original = certifier.certify(loader.load(bytes, inputShape), options);
    byte[][] written = new byte[1][];
    Projection projection =
        Projection.project(
            original,
            target,
            mode,
            policy,
            advisor,
            certifier,
            changes -> {
              written[0] = write(bytes, inputShape, changes);
              return loader.load(written[0], inputShape);
            });
    byte[] output = written[0] == null ? bytes.clone() : written[0]; // no changes: the upload
    return new Projected(output, ModelFormat.detect(bytes), original, projection);
  }
}
