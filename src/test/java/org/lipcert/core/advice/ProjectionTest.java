package org.lipcert.core.advice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.operator.DenseMatrix;

class ProjectionTest {

  private final Advisor advisor = new Advisor(Runnable::run);
  private final Certifier certifier = new Certifier(Runnable::run);

  @Test
  void projectedModelsInBothModesRecertifyUnderTheTarget() {
    Random random = new Random(111);
    for (int k = 0; k < 30; k++) {
      Graph graph = AdviceFixtures.network(random);
      Certificate original = AdviceFixtures.certify(graph);
      double target = original.network().naiveUpperBound() / 10;
      for (ProjectionMode mode : ProjectionMode.values()) {
        Projection p;
        try {
          p =
              Projection.project(
                  original,
                  target,
                  mode,
                  BudgetPolicy.PROPORTIONAL,
                  advisor,
                  certifier,
                  changes ->
                      new LoadedModel("test", "p", "0", InMemoryWeights.apply(graph, changes)));
        } catch (Projection.ProjectionException e) {
          assertThat(e).hasMessageContaining("layers without weights");
          continue;
        }
        assertThat(p.certificate().network().upperBound())
            .as("%s projection re-certifies ≤ K (case %d)", mode, k)
            .isLessThanOrEqualTo(target);
        assertThat(p.changes()).as("something had to change for a tenfold reduction").isNotEmpty();
        for (WeightChange change : p.changes().values()) {
          assertThat(change)
              .isInstanceOf(
                  mode == ProjectionMode.CLIP ? WeightChange.Clip.class : WeightChange.Scale.class);
        }
      }
    }
  }

  @Test
  void aTargetBelowTheIdentityPathIsRefusedWithTheReason() {
    GraphBuilder b = new GraphBuilder(Shape.of(2), "x");
    int fc =
        b.add(
            "fc",
            new AffineLayer("dense", DenseMatrix.of(2, 2, new double[] {1, 2, 3, 4}), null, null),
            0);
    b.add("add", Sum.of("Add", 2), 0, fc);
    Graph graph = b.build();
    Certificate original = AdviceFixtures.certify(graph);
    assertThatThrownBy(
            () ->
                Projection.project(
                    original,
                    0.5,
                    ProjectionMode.NORMALIZE,
                    BudgetPolicy.PROPORTIONAL,
                    advisor,
                    certifier,
                    changes ->
                        new LoadedModel("t", "p", "0", InMemoryWeights.apply(graph, changes))))
        .isInstanceOf(Projection.ProjectionException.class)
        .hasMessageContaining("identity paths");
  }
}
