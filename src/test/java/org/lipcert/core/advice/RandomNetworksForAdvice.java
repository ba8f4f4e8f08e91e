package org.lipcert.core.advice;

import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.operator.DenseMatrix;

/** Small fixed networks for the advice tests. */
final class RandomNetworksForAdvice {

  private RandomNetworksForAdvice() {}

  /** {@code fc2 ∘ relu ∘ fc1} with {@code fc1 = [[1, 2], [3, 4]]}, {@code fc2 = [[3, 4]]}. */
  static Graph twoLayers() {
    GraphBuilder b = new GraphBuilder(Shape.of(2), "x");
    int fc1 =
        b.add(
            "fc1",
            new AffineLayer("dense", DenseMatrix.of(2, 2, new double[] {1, 2, 3, 4}), null, null),
            0);
    int relu =
        b.add("relu", new ElementwiseActivation("relu", Activation.of(ActivationKind.RELU)), fc1);
    b.add(
        "fc2",
        new AffineLayer("dense", DenseMatrix.of(1, 2, new double[] {3, 4}), null, null),
        relu);
    return b.build();
  }
}
