package org.lipcert.io;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.lipcert.core.advice.Advisor;
import org.lipcert.core.advice.BudgetPolicy;
import org.lipcert.core.advice.ProjectionMode;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.OnnxReadLimits;
import org.lipcert.io.onnx.OnnxSamples;

/**
 * End to end: a projected file, loaded again by {@link ModelLoader} and certified independently of
 * the projection, is within the target; its format is the upload's.
 */
class ModelProjectorTest {

  private final ModelProjector projector =
      new ModelProjector(JsonReadLimits.defaults(), OnnxReadLimits.defaults());
  private final Certifier certifier = new Certifier(Runnable::run);
  private final ModelLoader loader = new ModelLoader(JsonReadLimits.defaults());

  private void assertProjects(byte[] model, ModelFormat format) {
    CertificationOptions options = CertificationOptions.defaults();
    double upper = certifier.certify(loader.load(model), options).network().upperBound();
    for (ProjectionMode mode : ProjectionMode.values()) {
      for (BudgetPolicy policy : BudgetPolicy.values()) {
        double target = upper / 7;
        ModelProjector.Projected projected =
            projector.project(
                model, null, options, target, mode, policy, certifier, new Advisor(Runnable::run));
        assertThat(ModelFormat.detect(projected.bytes())).as("same format out").isEqualTo(format);
        Certificate again = certifier.certify(loader.load(projected.bytes()), options);
        assertThat(again.network().upperBound())
            .as("%s/%s: the written file, certified again, is within K = %s", mode, policy, target)
            .isLessThanOrEqualTo(target);
        assertThat(again.network().upperBound())
            .as("the projection reports the written file's certificate")
            .isEqualTo(projected.projection().certificate().network().upperBound());
        assertThat(projected.projection().changes()).isNotEmpty();
      }
    }
  }

  @Test
  void projectsAnOnnxModelIntoAnOnnxModel() {
    assertProjects(OnnxSamples.mlp(), ModelFormat.ONNX);
  }

  @Test
  void projectsAJsonModelIntoAJsonModel() {
    byte[] model =
        """
        {"format": "lipcert/v1", "name": "m", "input": {"shape": [3]},
         "layers": [
           {"type": "dense", "name": "fc1", "weights": [[1, -2, 0.5], [3, 1, 1], [0, 2, -1]]},
           {"type": "relu"},
           {"type": "residual", "name": "res", "layers": [
             {"type": "dense", "weights": [[0.5, 1, 0], [0, 1, 0.5], [1, 0, 1]]}, {"type": "tanh"}]},
           {"type": "dense", "name": "out", "weights": [[1, 1, -1]]}]}"""
            .getBytes(StandardCharsets.UTF_8);
    assertProjects(model, ModelFormat.JSON);
  }

  @Test
  void aModelAlreadyWithinTheTargetIsReturnedUnchanged() {
    byte[] model = OnnxSamples.mlp();
    CertificationOptions options = CertificationOptions.defaults();
    double upper = certifier.certify(loader.load(model), options).network().upperBound();
    ModelProjector.Projected projected =
        projector.project(
            model,
            null,
            options,
            upper * 2,
            ProjectionMode.CLIP,
            BudgetPolicy.PROPORTIONAL,
            certifier,
            new Advisor(Runnable::run));
    assertThat(projected.bytes()).as("the upload itself").isEqualTo(model);
    assertThat(projected.projection().changes()).isEmpty();
  }
}
