package org.lipcert.core.advice;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.lipcert.core.bound.CompositionalBound;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.Node;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.WeightedOperator;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * The certified bound that clipping weights implies, whatever the weights are: the inverse of the
 * clip-threshold question (DESIGN §1, "Clipping and normalisation suggestions").
 *
 * <p>A layer clipped to {@code [−c, c]} has {@code ‖A‖₂ ≤ g·c} for any weights of its layout
 * ({@link WeightedOperator#clipGain()}); the other layers keep a certified bracket of their current
 * weights; {@link CompositionalBound} composes the constants over the graph. So every model of this
 * architecture whose clipped layers' weights lie in {@code [−c_i, c_i]} — and whose other layers
 * are as given — has Lipschitz constant at most {@link #bound()}.
 *
 * @param bound the implied certified bound
 * @param layers one entry per layer with a constant (affine, pooling), in graph order
 */
public record ImpliedBound(double bound, List<Layer> layers) {

  /**
   * One layer's part in the implied bound.
   *
   * @param name the layer
   * @param opType its operation type
   * @param clip the clip value applied, or {@code null} for a layer kept as it is
   * @param gain {@code g} for a clipped layer, {@code null} otherwise
   * @param constant the constant used: {@code g·c}, or the certified upper bound of the layer
   */
  public record Layer(String name, String opType, Double clip, Double gain, double constant) {}

  /** Copies the list. */
  public ImpliedBound {
    layers = List.copyOf(layers);
  }

  /**
   * Computes the implied bound.
   *
   * @param graph the network
   * @param globalClip the clip value for every layer with a weight tensor, or {@code null}
   * @param perLayer clip values by layer name, overriding {@code globalClip}
   * @param options the options of the brackets of layers that are not clipped
   * @return the bound
   * @throws IllegalArgumentException if a clip value is negative or not finite, a name is not a
   *     layer, or names a layer without a weight tensor to clip; the message lists the valid names
   */
  public static ImpliedBound of(
      Graph graph, Double globalClip, Map<String, Double> perLayer, SpectralOptions options) {
    check(globalClip, "the clip value");
    Set<String> clippable = new TreeSet<>();
    for (Node node : graph.nodes()) {
      if (node.operation() instanceof AffineLayer layer
          && layer.operator() instanceof WeightedOperator) {
        clippable.add(node.name());
      }
    }
    Set<String> unknown = new HashSet<>(perLayer.keySet());
    unknown.removeAll(clippable);
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException(
          "no layer with a weight tensor to clip is called "
              + new TreeSet<>(unknown)
              + "; the layers are "
              + clippable);
    }
    perLayer.forEach((name, c) -> check(c, "the clip value of layer '" + name + "'"));
    double[] constants = new double[graph.nodes().size()];
    Arrays.fill(constants, Double.NaN);
    List<Layer> layers = new ArrayList<>();
    for (Node node : graph.nodes()) {
      if (node.operation() instanceof AffineLayer layer) {
        Double clip = perLayer.getOrDefault(node.name(), globalClip);
        double constant;
        Double gain = null;
        if (clip != null && layer.operator() instanceof WeightedOperator weighted) {
          gain = weighted.clipGain();
          constant = UpwardArithmetic.multiply(clip, gain);
        } else {
          clip = null;
          constant = OperatorNorms.bracket(layer.operator(), options).upper();
        }
        constants[node.index()] = constant;
        layers.add(new Layer(node.name(), layer.opType(), clip, gain, constant));
      } else if (node.operation() instanceof MaxPool pool) {
        constants[node.index()] = pool.lipschitzUpperBound();
        layers.add(new Layer(node.name(), pool.opType(), null, null, pool.lipschitzUpperBound()));
      }
    }
    return new ImpliedBound(CompositionalBound.upperBound(graph, constants), layers);
  }

  private static void check(Double clip, String what) {
    if (clip != null && !(clip >= 0 && clip < Double.POSITIVE_INFINITY)) {
      throw new IllegalArgumentException(what + " must be finite and non-negative, got " + clip);
    }
  }
}
