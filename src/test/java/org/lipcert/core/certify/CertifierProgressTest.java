package org.lipcert.core.certify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Node;
import org.lipcert.core.graph.RandomNetworks;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.spectral.RandomMatrices;
import org.lipcert.core.spectral.UpperBoundMethod;

/**
 * Progress, cancellation and the time budget of {@link Certifier#certify(LoadedModel,
 * CertificationOptions, Progress.Listener, Deadline)}: one progress event per layer then the later
 * phases; a cancelled certification throws instead of reporting; a certification whose budget ran
 * out still reports upper bounds that the exact SVD of every layer confirms.
 */
class CertifierProgressTest {

  private static final List<Activation> RELU = List.of(Activation.of(ActivationKind.RELU));

  private static LoadedModel mlp(long seed, int... widths) {
    return new LoadedModel("t", "mlp", "0", RandomNetworks.mlp(new Random(seed), widths, RELU));
  }

  private static CertificationOptions withBudget(long millis) {
    return new CertificationOptions(
        Norm.L2,
        1e-12,
        1_000_000,
        0L,
        0,
        UpperBoundMethod.AUTO,
        24,
        null,
        0,
        BoundMethod.AUTO,
        millis);
  }

  @Test
  void reportsEveryLayerThenTheBoundsTheWitnessAndTheEnd() {
    List<Progress> events = Collections.synchronizedList(new ArrayList<>());
    LoadedModel model = mlp(7, 12, 20, 20, 16, 4);

    new Certifier(Runnable::run)
        .certify(model, CertificationOptions.defaults(), events::add, Deadline.NONE);

    assertThat(events).as("events").isNotEmpty();
    assertThat(events.get(0).layersDone()).as("first event: no layer done").isZero();
    List<Integer> layersDone = new ArrayList<>();
    for (Progress p : events) {
      assertThat(p.layersTotal()).as("layersTotal of %s", p).isEqualTo(4);
      if (p.phase() == Progress.Phase.LAYERS && p.layersDone() > 0) {
        layersDone.add(p.layersDone());
      }
    }
    assertThat(layersDone).as("one event per layer bracketed").containsExactly(1, 2, 3, 4);
    List<Progress.Phase> phases = events.stream().map(Progress::phase).distinct().toList();
    assertThat(phases)
        .as("phases in order")
        .containsExactly(
            Progress.Phase.LAYERS,
            Progress.Phase.BOUNDS,
            Progress.Phase.WITNESS,
            Progress.Phase.DONE);
    for (int i = 1; i < events.size(); i++) {
      assertThat(events.get(i).fraction())
          .as("fraction never decreases (event %d)", i)
          .isGreaterThanOrEqualTo(events.get(i - 1).fraction());
    }
    assertThat(events.get(events.size() - 1).fraction()).as("last fraction").isEqualTo(1.0);
  }

  @Test
  void parallelLayersEachReportOnce() {
    List<Progress> events = Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      new Certifier(pool)
          .certify(
              mlp(8, 10, 30, 30, 30, 30, 30, 2),
              CertificationOptions.defaults(),
              events::add,
              Deadline.NONE);
    } finally {
      pool.shutdown();
    }
    List<Integer> done =
        events.stream()
            .filter(p -> p.phase() == Progress.Phase.LAYERS && p.layersDone() > 0)
            .map(Progress::layersDone)
            .toList();
    assertThat(done).as("layersDone over all threads, in order").containsExactly(1, 2, 3, 4, 5, 6);
  }

  @Test
  void aCancelledCertificationThrowsInsteadOfReporting() {
    Deadline cancellation = Deadline.cancellable();
    cancellation.cancel();
    Certifier certifier = new Certifier(Runnable::run);

    assertThatThrownBy(
            () ->
                certifier.certify(
                    mlp(9, 6, 8, 3),
                    CertificationOptions.defaults(),
                    Progress.Listener.NONE,
                    cancellation))
        .satisfiesAnyOf(
            e -> assertThat(e).isInstanceOf(CancellationException.class),
            e -> assertThat(e).hasRootCauseInstanceOf(CancellationException.class));
  }

  @Test
  void cancellingAfterTheFirstLayerStopsTheRest() {
    Deadline cancellation = Deadline.cancellable();
    List<Progress> events = Collections.synchronizedList(new ArrayList<>());
    Progress.Listener cancelAfterFirstLayer =
        p -> {
          events.add(p);
          if (p.phase() == Progress.Phase.LAYERS && p.layersDone() == 1) {
            cancellation.cancel();
          }
        };

    Throwable thrown = null;
    try {
      new Certifier(Runnable::run)
          .certify(
              mlp(10, 8, 8, 8, 8, 8, 8),
              CertificationOptions.defaults(),
              cancelAfterFirstLayer,
              cancellation);
    } catch (CancellationException | CompletionException e) {
      thrown = e;
    }
    assertThat(thrown).as("the certification was abandoned").isNotNull();
    assertThat(events)
        .as("no phase after the layers was reached")
        .noneMatch(p -> p.phase() != Progress.Phase.LAYERS);
  }

  @Test
  void whenTheBudgetRunsOutEveryUpperBoundStaysCertified() {
    LoadedModel model = mlp(11, 300, 300, 300, 300);

    Certificate certificate =
        new Certifier(Runnable::run)
            .certify(model, withBudget(1), Progress.Listener.NONE, Deadline.NONE);

    assertThat(certificate.timings().budgetExhausted()).as("budget exhausted").isTrue();
    int k = 0;
    double product = 1;
    for (Node node : model.graph().nodes()) {
      if (node.operation() instanceof AffineLayer layer) {
        double exact = RandomMatrices.sigmaMax((DenseMatrix) layer.operator());
        LayerCertificate c = certificate.layers().get(k++);
        assertThat(c.bracket().upper())
            .as("layer %s upper bound vs exact SVD %s", c.name(), exact)
            .isGreaterThanOrEqualTo(exact * (1 - RandomMatrices.ORACLE_SLACK));
        assertThat(c.bracket().lower())
            .as("layer %s lower bound vs exact SVD", c.name())
            .isLessThanOrEqualTo(exact * (1 + RandomMatrices.ORACLE_SLACK));
        product *= exact;
      }
    }
    assertThat(certificate.network().upperBound())
        .as("network upper bound vs the witness")
        .isGreaterThanOrEqualTo(certificate.network().lowerBound());
    assertThat(certificate.network().naiveUpperBound())
        .as("naive bound vs the product of exact norms")
        .isGreaterThanOrEqualTo(product * (1 - 4 * RandomMatrices.ORACLE_SLACK));
  }

  @Test
  void withoutABudgetNothingIsExhausted() {
    Certificate certificate =
        new Certifier(Runnable::run)
            .certify(
                mlp(12, 5, 7, 3),
                CertificationOptions.defaults(),
                Progress.Listener.NONE,
                Deadline.NONE);
    assertThat(certificate.timings().budgetExhausted()).as("budget exhausted").isFalse();
  }
}
