package org.lipcert.core.certify;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.lipcert.core.bound.ChainBounds;
import org.lipcert.core.bound.NetworkBound;
import org.lipcert.core.bound.WitnessSearch;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.Node;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.spectral.InducedNorms;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralBracket;

/**
 * Certifies a model: brackets every layer, composes the network's upper bound, searches for a
 * witness of its lower bound, and applies the gate.
 *
 * <p>Layers are independent, so their brackets are computed on the given executor; the certificate
 * does not depend on how many threads it has (every layer uses the same seed and its own
 * generator). Thread-safe.
 */
public final class Certifier {

  /**
   * The work LipSDP-Neuron may spend per chain, in floating-point operations (about two seconds on
   * one core); a work budget keeps certificates reproducible.
   */
  static final double SDP_WORK_BUDGET = 4e9;

  private final Executor executor;

  /**
   * Creates a certifier.
   *
   * @param executor runs the layer brackets; {@code Runnable::run} for the calling thread only
   */
  public Certifier(Executor executor) {
    this.executor = executor;
  }

  /**
   * Certifies a model.
   *
   * @param model the model
   * @param options the options
   * @return the certificate
   * @throws IllegalStateException if the witness exceeds the certified bound, which would mean a
   *     bug in a bound, never a property of the model
   */
  public Certificate certify(LoadedModel model, CertificationOptions options) {
    long start = System.nanoTime();
    Graph graph = model.graph();
    List<Node> nodes = graph.nodes();
    List<CompletableFuture<LayerCertificate>> futures = new ArrayList<>();
    for (Node node : nodes) {
      if (node.operation() instanceof AffineLayer layer) {
        futures.add(
            CompletableFuture.supplyAsync(() -> certifyLayer(node, layer, options), executor));
      } else if (node.operation() instanceof MaxPool pool) {
        futures.add(CompletableFuture.completedFuture(maxPoolLayer(node, pool, options)));
      }
    }
    List<LayerCertificate> layers = new ArrayList<>();
    for (CompletableFuture<LayerCertificate> future : futures) {
      layers.add(join(future));
    }
    long layersDone = System.nanoTime();

    double[] constants = new double[nodes.size()];
    java.util.Arrays.fill(constants, Double.NaN);
    int layerIndex = 0;
    for (Node node : nodes) {
      if (node.operation() instanceof AffineLayer || node.operation() instanceof MaxPool) {
        constants[node.index()] = layers.get(layerIndex++).bracket().upper();
      }
    }
    List<NetworkBound> bounds = networkBounds(graph, constants, options);
    Norm norm = options.norm();
    NetworkBound best = bounds.get(0);
    for (NetworkBound bound : bounds) {
      if (bound.value() < best.value()) {
        best = bound;
      }
    }
    double upper = best.value();
    WitnessSearch.Witness witness =
        WitnessSearch.search(graph, options.witnessOptions(), constants, norm);
    if (witness.lowerBound() > upper) {
      throw new IllegalStateException(
          "internal error: the witness "
              + witness.lowerBound()
              + " exceeds the certified bound "
              + upper
              + "; please report this model");
    }
    NetworkCertificate network =
        new NetworkCertificate(
            upper, best.method(), bounds.get(0).value(), witness.lowerBound(), witness, bounds);
    Gate gate =
        options.maxLipschitz() == null
            ? null
            : new Gate(
                options.maxLipschitz(),
                Verdict.of(network.lowerBound(), network.upperBound(), options.maxLipschitz()));
    long end = System.nanoTime();
    Timings timings =
        new Timings(millis(layersDone - start), millis(end - layersDone), millis(end - start));
    return new Certificate(model, graph.parameterCount(), options, layers, network, gate, timings);
  }

  private static LayerCertificate certifyLayer(
      Node node, AffineLayer layer, CertificationOptions options) {
    long start = System.nanoTime();
    SpectralBracket bracket =
        options.norm() == Norm.L2
            ? OperatorNorms.bracket(layer.operator(), options.spectralOptions())
            : InducedNorms.bracket(layer.operator(), options.norm(), options.tolerance());
    return new LayerCertificate(
        node.name(),
        layer.opType(),
        node.inputShape(),
        node.outputShape(),
        bracket,
        layer.weightStatistics(),
        millis(System.nanoTime() - start));
  }

  /**
   * Computes the network bounds {@code options.bound()} asks for, the naive product first: it is
   * always shown, and the smallest bound is reported as the certificate.
   */
  private static List<NetworkBound> networkBounds(
      Graph graph, double[] layerUppers, CertificationOptions options) {
    ChainBounds chains =
        new ChainBounds(graph, layerUppers, options.spectralOptions(), options.norm());
    BoundMethod chosen = options.bound();
    List<NetworkBound> bounds = new ArrayList<>();
    bounds.add(timed("naive", chains::naive));
    if (chosen.computes(BoundMethod.MERGED)) {
      bounds.add(timed("merged", chains::merged));
    }
    if (chosen.computes(BoundMethod.CP)) {
      bounds.add(timed("cp", chains::combettesPesquet));
    }
    if (chosen.computes(BoundMethod.SDP) && options.norm() == Norm.L2) {
      bounds.add(timed("sdp", () -> chains.lipSdp(options.seed(), SDP_WORK_BUDGET)));
    }
    return bounds;
  }

  private static NetworkBound timed(String method, java.util.function.DoubleSupplier bound) {
    long start = System.nanoTime();
    double value = bound.getAsDouble();
    return new NetworkBound(method, value, millis(System.nanoTime() - start));
  }

  private static LayerCertificate maxPoolLayer(
      Node node, MaxPool pool, CertificationOptions options) {
    double upper = pool.lipschitzConstant(options.norm());
    double lower = options.norm() == Norm.L2 ? pool.lipschitzLowerBound() : upper;
    SpectralBracket bracket =
        new SpectralBracket(
            lower, upper, "max-windows", 0, upper <= lower * (1 + options.tolerance()));
    return new LayerCertificate(
        node.name(), pool.opType(), node.inputShape(), node.outputShape(), bracket, null, 0);
  }

  private static <T> T join(CompletableFuture<T> future) {
    try {
      return future.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw e;
    }
  }

  private static long millis(long nanos) {
    return nanos / 1_000_000;
  }
}
