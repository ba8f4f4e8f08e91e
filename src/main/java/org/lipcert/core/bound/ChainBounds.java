package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.numeric.UpwardArithmetic;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.spectral.SpectralOptions;

/**
 * Certified network bounds tighter than the naive product, obtained by replacing chains of the
 * graph by a single constant and composing the rest with {@link CompositionalBound}.
 *
 * <p><b>Merged linear segments.</b> A maximal chain of linear nodes (affine layers and reshapes,
 * each consumed only by the next) is one linear map {@code S = A_k ⋯ A₁}; its bound is a certified
 * upper bound on {@code ‖S‖} ({@link SegmentNorms}), at most — and often much less than — {@code
 * Π‖A_i‖}. Biases do not affect Lipschitz constants.
 *
 * <p><b>Combettes–Pesquet.</b> (P. L. Combettes, J.-C. Pesquet, "Lipschitz certificates for layered
 * network structures driven by averaged activation operators", SIAM J. Math. Data Sci. 2, 2020.)
 * Take a chain {@code g = S_m ∘ σ_{m−1} ∘ S_{m−1} ∘ ⋯ ∘ σ₁ ∘ S₁} of linear segments and
 * element-wise nondecreasing activations with slopes in {@code [0, β_j]} ({@link
 * NetworkChains#monotoneSlopeBound}). Every Clarke Jacobian of {@code g} is a convex combination of
 * products {@code S_m D_{m−1} S_{m−1} ⋯ D₁ S₁} with {@code D_j = β_j D̃_j}, {@code D̃_j} diagonal
 * with entries in {@code [0, 1]}, so {@code D̃_j = (I + R_j)/2} with {@code ‖R_j‖ ≤ 1}. Expanding
 * the product over the {@code 2^{m−1}} choices of {@code I} (which merges the neighbouring
 * segments) or {@code R_j} (which cuts there) gives {@code ‖J‖ ≤ (Πβ_j)/2^{m−1}·Σ_{cuts}Π_{pieces}
 * N(piece)}, {@code N(a..b) ≥ ‖S_b ⋯ S_a‖}; since a Lipschitz map's constant is the supremum of its
 * Jacobian norms, this bounds {@code Lip(g)}. The sum over cuts is the dynamic programme {@code
 * D(0) = 1}, {@code D(j) = Σ_{i<j} D(i)·N(i+1..j)}, in {@code O(m²)} segment norms. Every term is
 * at most the all-cut product, so the bound never exceeds the merged one. It is unsound for
 * activations with negative slopes or non-monotone ones (GELU, SiLU, Mish, HardSwish), which break
 * chains instead.
 */
public final class ChainBounds {

  /** The cap on evaluations of LipSDP's {@code ρ(T)} per chain. */
  static final int MAX_SDP_EVALUATIONS = 4000;

  private final Graph graph;
  private final double[] layerUppers;
  private final SpectralOptions options;
  private final Norm norm;
  private final Map<LinearOperator, Double> known = new IdentityHashMap<>();
  private double[] cpConstants;

  /**
   * Prepares the bounds.
   *
   * @param graph the network
   * @param layerUppers for every node index, the certified bracket upper bound of that node if it
   *     is a layer (affine, pooling), NaN otherwise
   * @param options the spectral options for brackets of merged segments
   */
  public ChainBounds(Graph graph, double[] layerUppers, SpectralOptions options) {
    this(graph, layerUppers, options, Norm.L2);
  }

  /**
   * Prepares the bounds in a given norm. The merged and Combettes–Pesquet bounds hold in ℓ1 and ℓ∞
   * as well: submultiplicativity holds for every induced norm, and a diagonal {@code R_j} with
   * entries in {@code [−1, 1]} has {@code ‖R_j‖ ≤ 1} in each. LipSDP is ℓ2 only.
   *
   * @param graph the network
   * @param layerUppers per node, the certified layer constants in that norm, NaN elsewhere
   * @param options the options for brackets of merged segments
   * @param norm the norm
   */
  public ChainBounds(Graph graph, double[] layerUppers, SpectralOptions options, Norm norm) {
    this.norm = norm;
    this.graph = graph;
    this.layerUppers = layerUppers.clone();
    this.options = options;
    for (Node node : graph.nodes()) {
      if (node.operation() instanceof AffineLayer layer
          && !Double.isNaN(layerUppers[node.index()])) {
        known.put(layer.operator(), layerUppers[node.index()]);
      }
    }
  }

  /** Returns the naive compositional bound from the per-layer brackets. */
  public double naive() {
    return CompositionalBound.upperBound(graph, layerUppers, norm);
  }

  /** Returns the bound with every maximal linear chain merged into one operator. */
  public double merged() {
    double[] constants = layerUppers.clone();
    for (List<Node> chain : NetworkChains.find(graph, NetworkChains::isLinear)) {
      SegmentNorms norms = new SegmentNorms(List.of(operators(chain)), options, known, norm);
      assign(constants, chain, norms.upper(0, 0));
    }
    return CompositionalBound.upperBound(graph, constants, norm);
  }

  /** Returns the Combettes–Pesquet bound over chains of linear nodes and monotone activations. */
  public double combettesPesquet() {
    return CompositionalBound.upperBound(graph, cpConstants(), norm);
  }

  /**
   * Returns the LipSDP-Neuron bound: each chain of dense segments and element-wise activations (any
   * slope interval, GELU included) whose segments all fuse to dense matrices gets {@code
   * min(LipSDP, Combettes–Pesquet)} when LipSDP confirms a bound within the time budget; other
   * chains keep their Combettes–Pesquet constant.
   *
   * @param seed seed of the Lanczos starts
   * @param workBudget the floating-point operations the optimisation of each chain may take (a work
   *     budget, not a time budget, so that results are reproducible)
   * @return the bound
   */
  public double lipSdp(long seed, double workBudget) {
    return lipSdp(seed, workBudget, Deadline.NONE);
  }

  /**
   * Returns the LipSDP-Neuron bound, optimising each chain until its work budget is spent or the
   * deadline expires; chains not reached before it keep their Combettes–Pesquet constant.
   *
   * @param seed seed of the Lanczos starts
   * @param workBudget the floating-point operations per chain
   * @param deadline when to stop
   * @return the bound
   */
  public double lipSdp(long seed, double workBudget, Deadline deadline) {
    if (norm != Norm.L2) {
      throw new IllegalStateException("LipSDP bounds the ℓ2 constant only");
    }
    double[] constants = cpConstants();
    List<List<Node>> chains =
        NetworkChains.find(
            graph,
            node ->
                NetworkChains.isLinear(node)
                    || node.operation() instanceof org.lipcert.core.graph.ElementwiseActivation
                    || node.operation() instanceof org.lipcert.core.graph.PRelu);
    for (List<Node> chain : chains) {
      SdpChain sdp = lipSdpProblem(chain);
      if (sdp == null || sdp.problem().size() > LipSdpNeuron.MAX_CERTIFIED_SIZE) {
        continue;
      }
      int evaluations =
          (int)
              Math.max(
                  20, Math.min(MAX_SDP_EVALUATIONS, workBudget / sdp.problem().evaluationCost()));
      if (deadline.expired()) {
        break;
      }
      double bound = sdp.problem().bound(seed, evaluations, deadline).upper();
      if (Double.isNaN(bound)) {
        continue;
      }
      bound = UpwardArithmetic.multiply(bound, sdp.factor());
      double current = chainProduct(constants, chain);
      if (bound < current) {
        assign(constants, chain, bound);
      }
    }
    return CompositionalBound.upperBound(graph, constants, norm);
  }

  /** Returns the product of the constants currently assigned to a chain's nodes. */
  private double chainProduct(double[] constants, List<Node> chain) {
    double product = 1;
    for (Node node : chain) {
      double c = constants[node.index()];
      if (Double.isNaN(c)) {
        c = node.operation().lipschitzConstant();
      }
      product = UpwardArithmetic.multiply(product, c);
    }
    return product;
  }

  /**
   * A chain's LipSDP problem and the norm of the diagonal scalings stripped from its ends (input
   * normalisation before the first dense layer, a scaling after the last): {@code Lip(D₂ g D₁) ≤
   * ‖D₂‖·Lip(g)·‖D₁‖}.
   */
  private record SdpChain(LipSdpNeuron problem, double factor) {}

  /** Returns the LipSDP problem of a chain, or null if a segment is not a dense matrix. */
  private SdpChain lipSdpProblem(List<Node> chain) {
    double factor = 1;
    int first = 0;
    int last = chain.size() - 1;
    while (first <= last && diagonalNode(chain.get(first)) != null) {
      factor = UpwardArithmetic.multiply(factor, diagonalNode(chain.get(first)).normUpperBound());
      first++;
    }
    while (last >= first && diagonalNode(chain.get(last)) != null) {
      factor = UpwardArithmetic.multiply(factor, diagonalNode(chain.get(last)).normUpperBound());
      last--;
    }
    if (first > last) {
      return null;
    }
    LipSdpNeuron problem = lipSdpCore(chain.subList(first, last + 1));
    return problem == null ? null : new SdpChain(problem, factor);
  }

  /** Returns the node's operator if it is a diagonal scaling (or identity), else null. */
  private static org.lipcert.core.operator.ScaledSelection diagonalNode(Node node) {
    if (node.operation() instanceof AffineLayer layer
        && layer.operator() instanceof org.lipcert.core.operator.ScaledSelection selection
        && selection.diagonal() != null) {
      return selection;
    }
    return null;
  }

  private LipSdpNeuron lipSdpCore(List<Node> chain) {
    List<org.lipcert.core.operator.DenseMatrix> weights = new ArrayList<>();
    List<double[]> alphas = new ArrayList<>();
    List<double[]> betas = new ArrayList<>();
    List<Node> current = new ArrayList<>();
    for (Node node : chain) {
      if (NetworkChains.isLinear(node)) {
        current.add(node);
        continue;
      }
      var dense = denseSegment(current);
      if (dense == null) {
        return null;
      }
      weights.add(dense);
      double[] a = new double[dense.rows()];
      double[] b = new double[dense.rows()];
      if (node.operation() instanceof org.lipcert.core.graph.PRelu prelu) {
        double[] slopes = prelu.slopes();
        for (int i = 0; i < a.length; i++) {
          a[i] = Math.min(1, slopes[i]);
          b[i] = Math.max(1, slopes[i]);
        }
      } else {
        var activation =
            ((org.lipcert.core.graph.ElementwiseActivation) node.operation()).activation();
        java.util.Arrays.fill(a, activation.slopeLowerBound());
        java.util.Arrays.fill(b, activation.slopeUpperBound());
      }
      alphas.add(a);
      betas.add(b);
      current = new ArrayList<>();
    }
    var last = denseSegment(current);
    if (last == null || weights.isEmpty()) {
      return null;
    }
    weights.add(last);
    return new LipSdpNeuron(
        weights, alphas.toArray(new double[0][]), betas.toArray(new double[0][]));
  }

  /**
   * Returns a segment as one dense matrix when it fuses exactly (no fusion error) into one, or
   * null; an empty segment is not accepted (LipSDP needs an explicit matrix between activations).
   */
  private static org.lipcert.core.operator.DenseMatrix denseSegment(List<Node> nodes) {
    List<LinearOperator> operators = operators(nodes);
    if (operators.isEmpty()) {
      return null;
    }
    var fused = org.lipcert.core.operator.OperatorFusion.fuse(operators);
    if (fused.size() != 1 || fused.get(0).error() != 0) {
      return null;
    }
    LinearOperator operator = fused.get(0).operator();
    if (operator instanceof org.lipcert.core.operator.DenseMatrix dense) {
      return dense;
    }
    if (operator instanceof org.lipcert.core.operator.AxisLinear axis
        && axis.inputSize() == axis.weights().cols()) {
      return axis.weights();
    }
    return null;
  }

  /** Returns the per-node constants of the Combettes–Pesquet bound, computed once. */
  private double[] cpConstants() {
    if (cpConstants == null) {
      cpConstants = computeCpConstants();
    }
    return cpConstants.clone();
  }

  private double[] computeCpConstants() {
    double[] constants = layerUppers.clone();
    List<List<Node>> chains =
        NetworkChains.find(
            graph,
            node ->
                NetworkChains.isLinear(node)
                    || !Double.isNaN(NetworkChains.monotoneSlopeBound(node)));
    for (List<Node> chain : chains) {
      List<List<LinearOperator>> segments = new ArrayList<>();
      List<Node> current = new ArrayList<>();
      double betas = 1;
      for (Node node : chain) {
        if (NetworkChains.isLinear(node)) {
          current.add(node);
        } else {
          segments.add(operators(current));
          current = new ArrayList<>();
          betas = UpwardArithmetic.multiply(betas, NetworkChains.monotoneSlopeBound(node));
        }
      }
      segments.add(operators(current));
      SegmentNorms norms = new SegmentNorms(segments, options, known, norm);
      assign(constants, chain, UpwardArithmetic.multiply(betas, averageOverCuts(norms)));
    }
    return constants;
  }

  /** Returns {@code D(m)/2^{m−1}} of the dynamic programme over cuts, rounded up. */
  static double averageOverCuts(SegmentNorms norms) {
    int m = norms.size();
    double[] d = new double[m + 1];
    d[0] = 1;
    for (int j = 1; j <= m; j++) {
      double sum = 0;
      for (int i = 0; i < j; i++) {
        sum = UpwardArithmetic.add(sum, UpwardArithmetic.multiply(d[i], norms.upper(i, j - 1)));
      }
      d[j] = sum;
    }
    return Math.nextUp(Math.scalb(d[m], -(m - 1)));
  }

  /** Gives a chain's bound to its last node and 1 to the others, so their product is the bound. */
  private static void assign(double[] constants, List<Node> chain, double bound) {
    for (Node node : chain) {
      constants[node.index()] = 1;
    }
    constants[chain.get(chain.size() - 1).index()] = bound;
  }

  private static List<LinearOperator> operators(List<Node> nodes) {
    List<LinearOperator> operators = new ArrayList<>();
    for (Node node : nodes) {
      if (node.operation() instanceof AffineLayer layer) {
        operators.add(layer.operator());
      }
    }
    return operators;
  }

  @Override
  public String toString() {
    return "ChainBounds" + Arrays.toString(layerUppers);
  }
}
