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
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.spectral.InducedNorms;
import org.lipcert.core.spectral.OperatorNorms;
import org.lipcert.core.spectral.SpectralBracket;
import org.lipcert.core.spectral.SpectralOptions;

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

  /** The share of the overall progress fraction given to bracketing the layers. */
  static final double LAYERS_SHARE = 0.6;

  /** The share given to the network bounds; the witness search has the rest. */
  static final double BOUNDS_SHARE = 0.2;

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
    return certify(model, options, Progress.Listener.NONE, Deadline.NONE);
  }

  /**
   * Certifies a model, reporting progress and honouring a cancellation and the options' time
   * budget.
   *
   * @param model the model
   * @param options the options; {@code timeBudgetMillis} starts counting now
   * @param listener receives progress from the certifying threads
   * @param cancellation cancelled by the caller to abandon the work ({@link Deadline#NONE} if it
   *     cannot be)
   * @return the certificate
   * @throws java.util.concurrent.CancellationException if {@code cancellation} was cancelled
   */
  public Certificate certify(
      LoadedModel model,
      CertificationOptions options,
      Progress.Listener listener,
      Deadline cancellation) {
    long start = System.nanoTime();
    Deadline deadline =
        cancellation.withBudget(
            options.timeBudgetMillis() == 0
                ? null
                : java.time.Duration.ofMillis(options.timeBudgetMillis()));
    SpectralOptions spectral = options.spectralOptions().withDeadline(deadline);
    Graph graph = model.graph();
    List<Node> nodes = graph.nodes();
    List<CompletableFuture<LayerCertificate>> futures = new ArrayList<>();
    int total = 0;
    for (Node node : nodes) {
      if (node.operation() instanceof AffineLayer || node.operation() instanceof MaxPool) {
        total++;
      }
    }
    int layerCount = total;
    java.util.concurrent.atomic.AtomicInteger done =
        new java.util.concurrent.atomic.AtomicInteger();
    listener.onProgress(new Progress(Progress.Phase.LAYERS, 0, layerCount, 0, "starting"));
    for (Node node : nodes) {
      CompletableFuture<LayerCertificate> future = null;
      if (node.operation() instanceof AffineLayer layer) {
        future =
            CompletableFuture.supplyAsync(
                () -> {
                  deadline.throwIfCancelled();
                  return certifyLayer(node, layer, options, spectral);
                },
                executor);
      } else if (node.operation() instanceof MaxPool pool) {
        future = CompletableFuture.completedFuture(maxPoolLayer(node, pool, options));
      }
      if (future != null) {
        futures.add(
            future.whenComplete(
                (certificate, error) -> {
                  if (error == null) {
                    // one layer at a time, so that listeners see layersDone in order
                    synchronized (done) {
                      int finished = done.incrementAndGet();
                      listener.onProgress(
                          new Progress(
                              Progress.Phase.LAYERS,
                              finished,
                              layerCount,
                              LAYERS_SHARE * finished / Math.max(1, layerCount),
                              certificate.name()));
                    }
                  }
                }));
      }
    }
    List<LayerCertificate> layers = new ArrayList<>();
    for (CompletableFuture<LayerCertificate> future : futures) {
      layers.add(join(future));
    }
    deadline.throwIfCancelled();
    long layersDone = System.nanoTime();

    double[] constants = new double[nodes.size()];
    java.util.Arrays.fill(constants, Double.NaN);
    int layerIndex = 0;
    for (Node node : nodes) {
      if (node.operation() instanceof AffineLayer || node.operation() instanceof MaxPool) {
        constants[node.index()] = layers.get(layerIndex++).bracket().upper();
      }
    }
    listener.onProgress(
        new Progress(Progress.Phase.BOUNDS, layerCount, layerCount, LAYERS_SHARE, "naive"));
    List<NetworkBound> bounds = networkBounds(graph, constants, options, spectral, deadline);
    deadline.throwIfCancelled();
    Norm norm = options.norm();
    NetworkBound best = bounds.get(0);
    for (NetworkBound bound : bounds) {
      if (bound.value() < best.value()) {
        best = bound;
      }
    }
    double upper = best.value();
    listener.onProgress(
        new Progress(
            Progress.Phase.WITNESS,
            layerCount,
            layerCount,
            LAYERS_SHARE + BOUNDS_SHARE,
            "witness"));
    WitnessSearch.Witness witness =
        WitnessSearch.search(graph, options.witnessOptions(), constants, norm, deadline);
    deadline.throwIfCancelled();
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
        new Timings(
            millis(layersDone - start),
            millis(end - layersDone),
            millis(end - start),
            deadline.timeUp());
    listener.onProgress(new Progress(Progress.Phase.DONE, layerCount, layerCount, 1, "done"));
    return new Certificate(model, graph.parameterCount(), options, layers, network, gate, timings);
  }

  private static LayerCertificate certifyLayer(
      Node node, AffineLayer layer, CertificationOptions options, SpectralOptions spectral) {
    long start = System.nanoTime();
    SpectralBracket bracket =
        options.norm() == Norm.L2
            ? OperatorNorms.bracket(layer.operator(), spectral)
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
      Graph graph,
      double[] layerUppers,
      CertificationOptions options,
      SpectralOptions spectral,
      Deadline deadline) {
    ChainBounds chains = new ChainBounds(graph, layerUppers, spectral, options.norm());
    BoundMethod chosen = options.bound();
    List<NetworkBound> bounds = new ArrayList<>();
    bounds.add(timed("naive", chains::naive));
    // once the time budget is spent, the bounds not yet computed are skipped
    if (chosen.computes(BoundMethod.MERGED) && !deadline.expired()) {
      bounds.add(timed("merged", chains::merged));
    }
    if (chosen.computes(BoundMethod.CP) && !deadline.expired()) {
      bounds.add(timed("cp", chains::combettesPesquet));
    }
    if (chosen.computes(BoundMethod.SDP) && options.norm() == Norm.L2 && !deadline.expired()) {
      bounds.add(timed("sdp", () -> chains.lipSdp(options.seed(), SDP_WORK_BUDGET, deadline)));
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
