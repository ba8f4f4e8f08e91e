package org.lipcert.core.bound;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.Node;
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

  private final Graph graph;
  private final double[] layerUppers;
  private final SpectralOptions options;
  private final Map<LinearOperator, Double> known = new IdentityHashMap<>();

  /**
   * Prepares the bounds.
   *
   * @param graph the network
   * @param layerUppers for every node index, the certified bracket upper bound of that node if it
   *     is a layer (affine, pooling), NaN otherwise
   * @param options the spectral options for brackets of merged segments
   */
  public ChainBounds(Graph graph, double[] layerUppers, SpectralOptions options) {
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
    return CompositionalBound.upperBound(graph, layerUppers);
  }

  /** Returns the bound with every maximal linear chain merged into one operator. */
  public double merged() {
    double[] constants = layerUppers.clone();
    for (List<Node> chain : NetworkChains.find(graph, NetworkChains::isLinear)) {
      SegmentNorms norms = new SegmentNorms(List.of(operators(chain)), options, known);
      assign(constants, chain, norms.upper(0, 0));
    }
    return CompositionalBound.upperBound(graph, constants);
  }

  /** Returns the Combettes–Pesquet bound over chains of linear nodes and monotone activations. */
  public double combettesPesquet() {
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
      SegmentNorms norms = new SegmentNorms(segments, options, known);
      assign(constants, chain, UpwardArithmetic.multiply(betas, averageOverCuts(norms)));
    }
    return CompositionalBound.upperBound(graph, constants);
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
