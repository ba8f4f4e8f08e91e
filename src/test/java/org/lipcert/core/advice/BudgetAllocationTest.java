package org.lipcert.core.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.assertj.core.data.Percentage;
import org.junit.jupiter.api.Test;
import org.lipcert.core.bound.CompositionalBound;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.DenseMatrix;

class BudgetAllocationTest {

  private static boolean[] weighted(Graph graph) {
    boolean[] adjusted = new boolean[graph.nodes().size()];
    for (Node node : graph.nodes()) {
      adjusted[node.index()] = Advisor.isWeighted(node);
    }
    return adjusted;
  }

  private static double boundAt(Graph graph, double[] constants, double[] budgets) {
    double[] at = constants.clone();
    for (int i = 0; i < at.length; i++) {
      if (!Double.isNaN(budgets[i])) {
        at[i] = budgets[i];
      }
    }
    return CompositionalBound.upperBound(graph, at);
  }

  @Test
  void budgetsMeetTheTargetOnTheGraphRuleAndAreTheLargestOfTheirFamily() {
    Random random = new Random(71);
    for (int k = 0; k < 200; k++) {
      Graph graph = AdviceFixtures.network(random);
      Certificate certificate = AdviceFixtures.certify(graph);
      double[] constants = Advisor.layerConstants(certificate);
      double naive = certificate.network().naiveUpperBound();
      double target = naive * Math.exp(random.nextGaussian() * 2);
      for (BudgetPolicy policy : BudgetPolicy.values()) {
        BudgetAllocation a =
            BudgetAllocation.allocate(graph, constants, weighted(graph), target, policy);
        if (!a.feasible()) {
          assertThat(a.bound())
              .as("infeasible only when the fixed part exceeds K")
              .isGreaterThan(target);
          continue;
        }
        assertThat(boundAt(graph, constants, a.budgets()))
            .as("graph rule at the budgets (%s, case %d)", policy, k)
            .isEqualTo(a.bound())
            .isLessThanOrEqualTo(target);
        double[] larger = a.budgets();
        for (int i = 0; i < larger.length; i++) {
          larger[i] *= 1 + 1e-9;
        }
        if (a.scale() < BudgetAllocation.MAX_SCALE && boundAt(graph, constants, a.budgets()) > 0) {
          assertThat(boundAt(graph, constants, larger))
              .as("budgets 1e-9 larger exceed K: the bisection found the largest (%s)", policy)
              .isGreaterThan(target);
        }
      }
    }
  }

  @Test
  void aChainSharesTheTargetProportionallyAsTheProductRuleSays() {
    GraphBuilder b = new GraphBuilder(Shape.of(1), "x");
    int fc1 =
        b.add(
            "fc1", new AffineLayer("dense", DenseMatrix.of(1, 1, new double[] {4}), null, null), 0);
    b.add("fc2", new AffineLayer("dense", DenseMatrix.of(1, 1, new double[] {9}), null, null), fc1);
    Graph graph = b.build();
    double[] constants = {Double.NaN, 4, 9};
    BudgetAllocation a =
        BudgetAllocation.allocate(
            graph, constants, new boolean[] {false, true, true}, 4, BudgetPolicy.PROPORTIONAL);
    // t²·36 = 4 ⇒ t = 1/3: budgets 4/3 and 3
    assertThat(a.scale()).isCloseTo(1.0 / 3, Percentage.withPercentage(1e-9));
    assertThat(a.budgets()[1]).isCloseTo(4.0 / 3, Percentage.withPercentage(1e-9));
    assertThat(a.budgets()[2]).isCloseTo(3.0, Percentage.withPercentage(1e-9));
    BudgetAllocation u =
        BudgetAllocation.allocate(
            graph, constants, new boolean[] {false, true, true}, 4, BudgetPolicy.UNIFORM);
    assertThat(u.budgets()[1])
        .as("uniform: σ² = 4")
        .isCloseTo(2.0, Percentage.withPercentage(1e-9));
    assertThat(u.budgets()[2]).isEqualTo(u.budgets()[1]);
  }

  @Test
  void aResidualBlockKeepsItsIdentityPathSoTargetsBelowOneAreInfeasible() {
    GraphBuilder b = new GraphBuilder(Shape.of(2), "x");
    int fc =
        b.add(
            "fc",
            new AffineLayer("dense", DenseMatrix.of(2, 2, new double[] {1, 2, 3, 4}), null, null),
            0);
    b.add("add", Sum.of("Add", 2), 0, fc);
    Graph graph = b.build();
    double[] constants = {Double.NaN, 5.5, Double.NaN};
    boolean[] adjusted = {false, true, false};
    BudgetAllocation low =
        BudgetAllocation.allocate(graph, constants, adjusted, 0.5, BudgetPolicy.PROPORTIONAL);
    assertThat(low.feasible()).as("1 + σ ≤ 0.5 has no solution").isFalse();
    assertThat(low.bound())
        .as("the identity path alone, rounded up")
        .isCloseTo(1.0, Percentage.withPercentage(1e-12));
    BudgetAllocation ok =
        BudgetAllocation.allocate(graph, constants, adjusted, 3, BudgetPolicy.PROPORTIONAL);
    assertThat(ok.budgets()[1])
        .as("the residual rule 1 + σ ≤ 3 gives σ = 2")
        .isCloseTo(2.0, Percentage.withPercentage(1e-9));
  }
}
