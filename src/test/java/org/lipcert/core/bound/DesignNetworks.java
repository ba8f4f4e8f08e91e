package org.lipcert.core.bound;

import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.DenseMatrix;

/** The two networks of DESIGN §1.5, built with sums of branches on a one-dimensional input. */
final class DesignNetworks {

  private DesignNetworks() {}

  private static AffineLayer scalar(double w) {
    return new AffineLayer("dense", DenseMatrix.of(1, 1, new double[] {w}), null, null);
  }

  private static ElementwiseActivation relu() {
    return new ElementwiseActivation("relu", Activation.of(ActivationKind.RELU));
  }

  /**
   * {@code f(x) = x − ReLU(x) + ReLU(−x)}, identically 0; autodiff at 0 reports slope 1. Nodes: x,
   * relu_x, neg_relu_x, neg_x, relu_neg_x, sum.
   */
  static Graph identicallyZero() {
    GraphBuilder b = new GraphBuilder(Shape.of(1), "x");
    int reluX = b.add("relu_x", relu(), b.input());
    int minusReluX = b.add("neg_relu_x", scalar(-1), reluX);
    int minusX = b.add("neg_x", scalar(-1), b.input());
    int reluMinusX = b.add("relu_neg_x", relu(), minusX);
    b.add("sum", Sum.of("Add", 3), b.input(), minusReluX, reluMinusX);
    return b.build();
  }

  /**
   * {@code f(x) = ReLU(x) + ReLU(−x) = |x|}, Lipschitz constant 1. Nodes: x, relu_x, neg_x,
   * relu_neg_x, sum.
   */
  static Graph absoluteValue() {
    GraphBuilder b = new GraphBuilder(Shape.of(1), "x");
    int reluX = b.add("relu_x", relu(), b.input());
    int minusX = b.add("neg_x", scalar(-1), b.input());
    int reluMinusX = b.add("relu_neg_x", relu(), minusX);
    b.add("sum", Sum.of("Add", 2), reluX, reluMinusX);
    return b.build();
  }
}
