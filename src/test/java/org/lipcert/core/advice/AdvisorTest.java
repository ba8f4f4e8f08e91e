package org.lipcert.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.operator.WeightedOperator;
import org.lipcert.core.spectral.RandomMatrices;

class AdvisorTest {

  private final Advisor advisor = new Advisor(Runnable::run);

  private static WeightedOperator weights(Graph graph, String name) {
    for (Node node : graph.nodes()) {
      if (node.name().equals(name)) {
        return (WeightedOperator) ((AffineLayer) node.operation()).operator();
      }
    }
    throw new AssertionError(name);
  }

  @Test
  void normalisingOrClippingEveryLayerAsSuggestedBringsTheNetworkUnderTheTarget() {
    Random random = new Random(91);
    for (int k = 0; k < 40; k++) {
      Graph graph = AdviceFixtures.network(random);
      Certificate certificate = AdviceFixtures.certify(graph);
      double target = certificate.network().naiveUpperBound() / (1.5 + 10 * random.nextDouble());
      BudgetPolicy policy = random.nextBoolean() ? BudgetPolicy.PROPORTIONAL : BudgetPolicy.UNIFORM;
      Suggestions s = advisor.advise(certificate, target, policy);
      if (!s.feasible()) {
        continue;
      }
      assertThat(s.boundAtBudgets()).isLessThanOrEqualTo(target);
      Map<String, WeightChange> normalise = new HashMap<>();
      Map<String, WeightChange> clip = new HashMap<>();
      for (LayerSuggestion layer : s.layers()) {
        WeightedOperator w = weights(graph, layer.name());
        double normalised =
            RandomMatrices.sigmaMax(
                w.mapWeights(new WeightChange.Scale(layer.normalizationFactor())).materialize());
        assertThat(normalised)
            .as("‖s·W‖ ≤ σ* for layer %s (case %d)", layer.name(), k)
            .isLessThanOrEqualTo(layer.budget() * (1 + RandomMatrices.ORACLE_SLACK));
        double clipped =
            RandomMatrices.sigmaMax(
                w.mapWeights(new WeightChange.Clip(layer.clipThreshold())).materialize());
        assertThat(clipped)
            .as("‖clamp(W, ±c)‖ ≤ σ* for layer %s (case %d)", layer.name(), k)
            .isLessThanOrEqualTo(layer.budget() * (1 + RandomMatrices.ORACLE_SLACK));
        assertThat(layer.anyWeightsThreshold()).isLessThanOrEqualTo(layer.clipThreshold());
        normalise.put(layer.name(), new WeightChange.Scale(layer.normalizationFactor()));
        clip.put(layer.name(), new WeightChange.Clip(layer.clipThreshold()));
      }
      for (Map<String, WeightChange> changes : java.util.List.of(normalise, clip)) {
        Certificate after = AdviceFixtures.certify(InMemoryWeights.apply(graph, changes));
        assertThat(after.network().naiveUpperBound())
            .as("re-certified naive bound ≤ K up to the bracket tolerance (case %d)", k)
            .isLessThanOrEqualTo(target * (1 + 1e-5));
      }
    }
  }

  @Test
  void everyWeightedLayerIsListedOnceInGraphOrder() {
    Graph graph = AdviceFixtures.network(new Random(92));
    Certificate certificate = AdviceFixtures.certify(graph);
    Suggestions s = advisor.advise(certificate, 1, BudgetPolicy.UNIFORM);
    java.util.List<String> expected = new java.util.ArrayList<>();
    for (Node node : graph.nodes()) {
      if (Advisor.isWeighted(node)) {
        expected.add(node.name());
      }
    }
    assertThat(s.layers()).extracting(LayerSuggestion::name).containsExactlyElementsOf(expected);
    assertThat(s.layers())
        .extracting(LayerSuggestion::budget)
        .containsOnly(s.layers().get(0).budget());
  }
}
