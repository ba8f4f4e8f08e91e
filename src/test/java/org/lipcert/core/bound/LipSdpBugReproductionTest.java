package org.lipcert.core.bound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.lipcert.core.operator.DenseMatrix;

/**
 * Reproductions of defects of {@link LipSdpNeuron} found by {@link LipSdpNeuronTest}, kept disabled
 * until the main code is fixed. Each test states the exact problem and the observed numbers.
 */
class LipSdpBugReproductionTest {

  /**
   * <b>No bound where a smaller budget finds one</b> (not unsound: {@link ChainBounds#lipSdp} then
   * keeps the Combettes–Pesquet constant, but LipSDP's improvement is lost). On the ReLU chain
   * below ({@code 1-3-6-1}, slopes {@code [0, 1]}, any seed) {@code bound(seed, 0)} confirms {@code
   * 1.5530}, {@code bound(seed, 20)} confirms {@code 1.2329}, but {@code bound(seed, 500)} and
   * {@code bound(seed, 4000)} return {@code upper = NaN} with {@code estimate = 1.2290} after 56
   * steps. At the final {@code T}, the Jacobi-scaled {@code −M(ρ̂(1 + δ), T)} has {@code λ_min ≈
   * ±6·10⁻¹⁶} for every slack {@code δ} from {@code 10⁻⁶} to {@code 5·10⁻²} (independent of {@code
   * δ}), below the certificate's error bound {@code 3.8·10⁻¹⁵}: L-BFGS drives the hidden block
   * {@code −H(T)} to singularity along a direction the coupling to the single input does not see,
   * so {@code ρ̂(T)} stays finite while no slack on {@code ρ} can be proven. {@link
   * LipSdpNeuronTest} finds this on about 15 % of one-input ReLU chains with two hidden layers (one
   * chain with a single hidden layer, {@code 1-7-4}), and on 20–60 % of chains with a negative
   * LeakyReLU slope. Expected: the result of a larger budget is never worse than a smaller one's —
   * e.g. keep the best confirmed iterate, or keep {@code λ_min(−H)} away from 0.
   */
  @Test
  void largerBudgetNeverLosesTheConfirmedBound() {
    LipSdpNeuron problem = oneInputReluChain();
    double small = problem.bound(0, 20).upper();
    assertThat(small).as("bound(0, 20) confirms").isCloseTo(1.2329, within(1e-4));
    for (int evaluations : new int[] {500, 4000}) {
      assertThat(problem.bound(0, evaluations).upper())
          .as("bound(0, %d) is confirmed and at most bound(0, 20)", evaluations)
          .isLessThanOrEqualTo(small);
    }
  }

  /** The 1-3-6-1 ReLU chain of the reproduction above (no biases: LipSDP does not use them). */
  static LipSdpNeuron oneInputReluChain() {
    DenseMatrix w0 =
        DenseMatrix.of(
            3, 1, new double[] {-0.05323581877218892, 0.8867195916288865, 1.5362708672311864});
    DenseMatrix w1 =
        DenseMatrix.of(
            6,
            3,
            new double[] {
              -0.34813651691387343, 0.36064936839173944, 0.29031294486179005, 0.585534564775492,
              0.2545780485348722, -0.613175317209459, 0.3894599171018773, -0.3350285705164577,
              -0.5275613215742367, -0.06299786399714517, 0.7762424583024565, -0.05147093432066047,
              0.25949099163166434, 0.12100728836885205, 0.024221417640532098, 0.16460387569192786,
              0.5962539680637408, -0.03552156317213364
            });
    DenseMatrix w2 =
        DenseMatrix.of(
            1,
            6,
            new double[] {
              -0.5171642128550117,
              -0.4116046121477291,
              -0.5858031703486628,
              -0.8713188450875762,
              0.27365829010881393,
              0.2907082646591271
            });
    double[][] alpha = {new double[3], new double[6]};
    double[][] beta = {{1, 1, 1}, {1, 1, 1, 1, 1, 1}};
    return new LipSdpNeuron(List.of(w0, w1, w2), alpha, beta);
  }
}
