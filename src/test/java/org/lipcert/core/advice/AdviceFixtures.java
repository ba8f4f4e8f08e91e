package org.lipcert.core.advice;

import java.util.List;
import java.util.Random;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.RandomNetworks;

/** Random networks and their certificates for the advice tests. */
final class AdviceFixtures {

  static final List<Activation> PALETTE =
      List.of(
          Activation.of(ActivationKind.RELU),
          Activation.of(ActivationKind.TANH),
          Activation.of(ActivationKind.SIGMOID));

  /** Options with few witness samples: the advice tests need upper bounds, not tight lower ones. */
  static final CertificationOptions OPTIONS =
      new CertificationOptions(
          org.lipcert.core.numeric.Norm.L2,
          1e-6,
          2000,
          0L,
          256,
          org.lipcert.core.spectral.UpperBoundMethod.AUTO,
          2,
          null);

  private AdviceFixtures() {}

  /** Returns a random MLP or residual DAG. */
  static Graph network(Random random) {
    return random.nextBoolean()
        ? RandomNetworks.randomMlp(
            random, 1 + random.nextInt(6), 1 + random.nextInt(4), 8, 3, PALETTE)
        : RandomNetworks.randomDag(
            random, 1 + random.nextInt(5), 3 + random.nextInt(6), 2, PALETTE);
  }

  static Certificate certify(Graph graph) {
    return new Certifier(Runnable::run)
        .certify(new LoadedModel("test", "net", "0", graph), OPTIONS);
  }
}
