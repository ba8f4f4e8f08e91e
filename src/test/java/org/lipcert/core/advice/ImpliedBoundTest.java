package org.lipcert.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.spectral.SpectralOptions;

class ImpliedBoundTest {

  private static Map<String, java.util.function.DoubleUnaryOperator> everyLayer(
      Graph graph, java.util.function.DoubleUnaryOperator change) {
    Map<String, java.util.function.DoubleUnaryOperator> changes = new HashMap<>();
    for (Node node : graph.nodes()) {
      if (Advisor.isWeighted(node)) {
        changes.put(node.name(), change);
      }
    }
    return changes;
  }

  @Test
  void theImpliedBoundHoldsForTheClippedModelAndIsReachedByConstantWeights() {
    Random random = new Random(101);
    for (int k = 0; k < 60; k++) {
      Graph graph = AdviceFixtures.network(random);
      double c = Math.exp(random.nextGaussian() - 1);
      ImpliedBound implied = ImpliedBound.of(graph, c, Map.of(), SpectralOptions.defaults());
      Certificate clipped =
          AdviceFixtures.certify(
              InMemoryWeights.apply(graph, everyLayer(graph, new WeightChange.Clip(c))));
      assertThat(clipped.network().upperBound())
          .as(
              "certifying the model clipped at %s stays within the implied bound, up to the"
                  + " bracket tolerance 1e-6 of its own layers (case %d)",
              c, k)
          .isLessThanOrEqualTo(implied.bound() * (1 + 1e-6));
      // weights all equal to c: each layer's norm is exactly c·sqrt(m·n), the graph rule's input
      double cc = c;
      Certificate constant =
          AdviceFixtures.certify(InMemoryWeights.apply(graph, everyLayer(graph, w -> cc)));
      assertThat(constant.network().naiveUpperBound())
          .as("the naive bound of the all-c model is the implied bound (case %d)", k)
          .isCloseTo(implied.bound(), Percentage.withPercentage(1e-3));
    }
  }

  @Test
  void perLayerValuesOverrideTheGlobalOneAndUnclippedLayersKeepTheirBrackets() {
    Graph graph = RandomNetworksForAdvice.twoLayers();
    ImpliedBound both = ImpliedBound.of(graph, 0.01, Map.of(), SpectralOptions.defaults());
    assertThat(both.layers()).extracting(ImpliedBound.Layer::clip).containsExactly(0.01, 0.01);
    ImpliedBound one = ImpliedBound.of(graph, null, Map.of("fc1", 0.5), SpectralOptions.defaults());
    assertThat(one.layers()).extracting(ImpliedBound.Layer::clip).containsExactly(0.5, null);
    assertThat(one.layers().get(1).constant())
        .as("fc2 keeps the certified norm of its weights [[3, 4]]")
        .isCloseTo(5.0, Percentage.withPercentage(1e-5));
    assertThat(one.layers().get(0).constant())
        .as("fc1: 0.5·sqrt(2·2)")
        .isCloseTo(1.0, Percentage.withPercentage(1e-12));
  }

  @Test
  void unknownLayersAndNegativeValuesAreRefusedWithTheLayerNames() {
    Graph graph = RandomNetworksForAdvice.twoLayers();
    assertThatThrownBy(
            () -> ImpliedBound.of(graph, null, Map.of("fc9", 0.1), SpectralOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("fc9")
        .hasMessageContaining("[fc1, fc2]");
    assertThatThrownBy(() -> ImpliedBound.of(graph, -1.0, Map.of(), SpectralOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("non-negative");
  }
}
