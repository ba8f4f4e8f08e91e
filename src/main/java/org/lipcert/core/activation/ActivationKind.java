package org.lipcert.core.activation;

/**
 * The element-wise activations LipCert knows, with the certified slope bound {@code sup|σ'|} of
 * each, rounded up (DESIGN §1). Constants depending on a parameter are computed by {@link
 * Activation#lipschitzConstant()}.
 *
 * <p>Sources of the constants, each checked numerically in {@code ActivationTest} against a
 * fine-grid maximum of {@code |σ'|}:
 *
 * <ul>
 *   <li>ReLU, Tanh, Clip/ReLU6: slopes in {@code [0, 1]}, supremum 1.
 *   <li>Sigmoid: {@code σ' = σ(1 − σ) ≤ 1/4}, attained at 0.
 *   <li>Softplus {@code log(1 + eˣ)}: {@code σ' = sigmoid ∈ (0, 1)}, supremum 1.
 *   <li>ELU(α): slope 1 for {@code x > 0}, {@code α eˣ} below; supremum {@code max(1, |α|)}.
 *   <li>SELU (Klambauer et al. 2017, {@code λ = 1.0507009873554805}, {@code α =
 *       1.6732632423543772}): supremum {@code λα = 1.7580993408473766…}, rounded up to 1.75810.
 *   <li>GELU {@code x·Φ(x)} (Hendrycks &amp; Gimpel 2016): {@code σ' = Φ(x) + xφ(x)} is maximal
 *       where {@code φ(x)(2 − x²) = 0}, i.e. at {@code x = √2}: {@code Φ(√2) + √2 φ(√2) =
 *       1.1289039…}, rounded up to 1.12891. Its tanh approximation peaks at 1.1289945…, rounded up
 *       to 1.12900.
 *   <li>SiLU / Swish {@code x·sigmoid(x)} (Elfwing et al. 2018): maximum of {@code s(1 + x(1 − s))}
 *       at {@code x ≈ 2.3994}, 1.0998393…, rounded up to 1.09984.
 *   <li>Mish {@code x·tanh(softplus(x))} (Misra 2019): maximum 1.0884…, rounded up to 1.08850.
 *   <li>HardSigmoid {@code max(0, min(1, αx + β))}: slope {@code |α|}.
 *   <li>HardSwish {@code x·max(0, min(1, x/6 + 1/2))} (Howard et al. 2019): slope {@code x/3 + 1/2}
 *       on {@code (−3, 3)}, supremum 1.5.
 *   <li>LeakyReLU(α): slopes 1 and {@code α}, supremum {@code max(1, |α|)}.
 * </ul>
 */
public enum ActivationKind {
  /** {@code max(0, x)}. */
  RELU("relu", 1.0),
  /** {@code x} for {@code x ≥ 0}, {@code αx} below. */
  LEAKY_RELU("leaky_relu", Double.NaN),
  /** {@code 1/(1 + e⁻ˣ)}. */
  SIGMOID("sigmoid", 0.25),
  /** {@code tanh x}. */
  TANH("tanh", 1.0),
  /** {@code log(1 + eˣ)}. */
  SOFTPLUS("softplus", 1.0),
  /** {@code x} for {@code x > 0}, {@code α(eˣ − 1)} below. */
  ELU("elu", Double.NaN),
  /** {@code λ·ELU_α(x)} with the self-normalising constants. */
  SELU("selu", 1.75810),
  /** {@code x·Φ(x)} with the exact normal CDF. */
  GELU("gelu", 1.12891),
  /** GELU's tanh approximation {@code x/2·(1 + tanh(√(2/π)(x + 0.044715x³)))}. */
  GELU_TANH("gelu_tanh", 1.12900),
  /** {@code x·sigmoid(x)}, also called Swish. */
  SILU("silu", 1.09984),
  /** {@code x·tanh(softplus(x))}. */
  MISH("mish", 1.08850),
  /** {@code max(0, min(1, αx + β))}. */
  HARD_SIGMOID("hard_sigmoid", Double.NaN),
  /** {@code x·max(0, min(1, x/6 + 1/2))}. */
  HARD_SWISH("hard_swish", 1.5),
  /** {@code min(max(x, lo), hi)}. */
  CLIP("clip", 1.0);

  private final String id;
  private final double fixedConstant;

  ActivationKind(String id, double fixedConstant) {
    this.id = id;
    this.fixedConstant = fixedConstant;
  }

  /** Returns the lower-case identifier used in LipCert's JSON format and reports. */
  public String id() {
    return id;
  }

  /** Returns the parameter-free slope bound, or NaN when it depends on a parameter. */
  double fixedConstant() {
    return fixedConstant;
  }
}
