package org.lipcert.io.onnx;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The ONNX operators LipCert knows, by what it does with them on the input path — the part of the
 * graph that depends on the network input's values (DESIGN §1.3).
 *
 * <ul>
 *   <li>{@link #TRANSLATED}: mapped onto a core operation with a certified constant.
 *   <li>{@link #REFUSED}: refused with the reason, because no finite Lipschitz constant exists
 *       (discontinuities, unbounded derivatives) or the finite one is useless (normalisations by
 *       the input's own statistics).
 *   <li>{@link ConstantFolding#OPERATORS}: evaluated when all inputs are constant; on the input
 *       path those not listed above are not supported.
 * </ul>
 *
 * Products and quotients of two input-dependent tensors ({@code Mul}, {@code MatMul}, {@code Div},
 * {@code Gemm}, {@code Conv} with an input-dependent kernel) are refused by the translator, which
 * sees which operands depend on the input.
 */
final class OnnxOperators {

  /** The standard ONNX domain, also spelled {@code ai.onnx}. */
  static final Set<String> STANDARD_DOMAINS = Set.of("", "ai.onnx");

  /** Operators translated on the input path. */
  static final Set<String> TRANSLATED =
      Set.of(
          "Identity",
          "Dropout",
          "Flatten",
          "Reshape",
          "Squeeze",
          "Unsqueeze",
          "Transpose",
          "Cast",
          "CastLike",
          "Add",
          "Sub",
          "Mul",
          "Div",
          "Sum",
          "Neg",
          "Pow",
          "MatMul",
          "Gemm",
          "Conv",
          "ConvTranspose",
          "BatchNormalization",
          "Pad",
          "MaxPool",
          "AveragePool",
          "GlobalAveragePool",
          "GlobalMaxPool",
          "ReduceMean",
          "Concat",
          "Slice",
          "Gather",
          "Split",
          "Expand",
          "Tile",
          "Relu",
          "LeakyRelu",
          "PRelu",
          "Sigmoid",
          "Tanh",
          "Softplus",
          "Elu",
          "Selu",
          "Gelu",
          "HardSigmoid",
          "HardSwish",
          "Mish",
          "Clip",
          "Softmax",
          "LogSoftmax",
          "Shape",
          "Size",
          "Where");

  private static final String DISCONTINUOUS = "no finite Lipschitz constant: ";

  /** Operators refused on the input path, with the reason. */
  static final Map<String, String> REFUSED = refusals();

  private OnnxOperators() {}

  private static Map<String, String> refusals() {
    Map<String, String> m = new HashMap<>();
    m.put("Sign", DISCONTINUOUS + "Sign is discontinuous at 0");
    for (String op : new String[] {"Round", "Floor", "Ceil"}) {
      m.put(op, DISCONTINUOUS + op + " rounds to integers, a discontinuous step function");
    }
    for (String op : new String[] {"ArgMax", "ArgMin", "TopK", "Hardmax"}) {
      m.put(
          op,
          DISCONTINUOUS
              + op
              + " jumps when two entries change order (it returns indices or a"
              + " one-hot choice)");
    }
    for (String op :
        new String[] {
          "Equal",
          "Less",
          "Greater",
          "LessOrEqual",
          "GreaterOrEqual",
          "Not",
          "And",
          "Or",
          "Xor",
          "IsNaN",
          "IsInf",
          "BitShift",
          "BitwiseAnd",
          "BitwiseOr",
          "BitwiseXor",
          "BitwiseNot"
        }) {
      m.put(op, DISCONTINUOUS + op + " is a comparison or logical operation, a step function");
    }
    m.put("Mod", DISCONTINUOUS + "Mod jumps at every multiple of the divisor");
    m.put("NonZero", DISCONTINUOUS + "NonZero returns indices, which jump");
    m.put("OneHot", DISCONTINUOUS + "OneHot of input-dependent indices jumps");
    m.put("ThresholdedRelu", DISCONTINUOUS + "ThresholdedRelu jumps at its threshold");
    for (String op : new String[] {"QuantizeLinear", "DynamicQuantizeLinear"}) {
      m.put(op, DISCONTINUOUS + op + " rounds to integers, a discontinuous step function");
    }
    for (String op : new String[] {"Range", "ConstantOfShape"}) {
      m.put(op, DISCONTINUOUS + "the shape of " + op + "'s output depends on the input's values");
    }
    m.put("Exp", DISCONTINUOUS + "the derivative of exp is unbounded");
    m.put("Log", DISCONTINUOUS + "the derivative of log is unbounded near 0");
    m.put("Sqrt", DISCONTINUOUS + "the derivative of sqrt is unbounded near 0");
    m.put("Reciprocal", DISCONTINUOUS + "the derivative of 1/x is unbounded near 0");
    for (String op : new String[] {"Tan", "Sinh", "Cosh", "Asin", "Acos", "Acosh", "Atanh"}) {
      m.put(op, DISCONTINUOUS + "the derivative of " + op + " is unbounded");
    }
    m.put("LpNormalization", DISCONTINUOUS + "x/‖x‖ has an unbounded derivative near x = 0");
    String statistics =
        " divides by a statistic of the input itself; its Lipschitz constant grows like"
            + " max|γ|/√ε, finite but far too large to be useful";
    for (String op :
        new String[] {
          "InstanceNormalization", "GroupNormalization", "MeanVarianceNormalization", "LRN"
        }) {
      m.put(op, "not certifiable: " + op + statistics);
    }
    m.put("If", "not certifiable: If branches on a condition, which LipCert does not certify");
    m.put("Loop", "not certifiable: LipCert does not certify Loop");
    m.put("Scan", "not certifiable: LipCert does not certify Scan");
    return Map.copyOf(m);
  }

  /** Returns whether LipCert knows the operator at all. */
  static boolean known(String op) {
    return TRANSLATED.contains(op)
        || REFUSED.containsKey(op)
        || ConstantFolding.OPERATORS.contains(op)
        || op.equals("LayerNormalization");
  }

  /** Returns the operators translated on the input path, sorted, for messages. */
  static String translatedList() {
    return String.join(", ", new TreeSet<>(TRANSLATED));
  }
}
