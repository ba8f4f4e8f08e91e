package org.lipcert.io.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.activation.Activation;
import org.lipcert.core.activation.ActivationKind;
import org.lipcert.core.graph.AffineLayer;
import org.lipcert.core.graph.BatchNormalization;
import org.lipcert.core.graph.Concat;
import org.lipcert.core.graph.ElementwiseActivation;
import org.lipcert.core.graph.Graph;
import org.lipcert.core.graph.GraphBuilder;
import org.lipcert.core.graph.MaxPool;
import org.lipcert.core.graph.Operation;
import org.lipcert.core.graph.PRelu;
import org.lipcert.core.graph.Reshape;
import org.lipcert.core.graph.Shape;
import org.lipcert.core.graph.Softmax;
import org.lipcert.core.graph.Sum;
import org.lipcert.core.numeric.RoundingModel;
import org.lipcert.core.operator.AveragePool;
import org.lipcert.core.operator.AxisLinear;
import org.lipcert.core.operator.AxisMean;
import org.lipcert.core.operator.Convolution;
import org.lipcert.core.operator.ConvolutionGeometry;
import org.lipcert.core.operator.ConvolutionTranspose;
import org.lipcert.core.operator.DenseMatrix;
import org.lipcert.core.operator.LinearOperator;
import org.lipcert.core.operator.PoolingGeometry;
import org.lipcert.core.operator.ScaledSelection;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.NodeProto;
import org.lipcert.io.onnx.proto.TensorProto;
import org.lipcert.io.onnx.proto.TensorShapeProto;
import org.lipcert.io.onnx.proto.TypeProto;
import org.lipcert.io.onnx.proto.ValueInfoProto;

/**
 * Translates an ONNX graph into a core {@link Graph}.
 *
 * <p>Every ONNX value is either a constant ({@link Tensor}: initializers, {@code Constant} nodes,
 * anything computed from constants and from the input's <em>shape</em>, which is fixed) or
 * input-dependent: a core node plus its ONNX dimensions, batch axis included. Nodes whose inputs
 * are all constant are folded ({@link ConstantFolding}); the others become core operations, with
 * the constants as their weights. The input's batch size is fixed to 1, and the core shapes drop
 * that axis ({@link Shapes#core}).
 *
 * <p>Layers are named after the ONNX node, or its first output when the node has no name, so that a
 * report can be matched to the model in Netron. Linear layers keep the ONNX op type ({@code Gemm},
 * {@code MatMul}, {@code Conv}, …); an {@code Add} or {@code Sub} of a constant that is the only
 * consumer of a MatMul, Gemm, Conv or ConvTranspose is folded into that layer's bias, which does
 * not change its norm.
 */
final class GraphTranslator {

  /** A value of the ONNX graph. */
  private sealed interface Value permits Const, Dyn {}

  /** A constant tensor. */
  private record Const(Tensor tensor) implements Value {}

  /** An input-dependent tensor: core node {@code index}, ONNX dimensions {@code dims}. */
  private record Dyn(int index, int[] dims) implements Value {}

  private final GraphProto graph;
  private final int opset;
  private final OnnxReadLimits limits;
  private final int[] inputShapeOverride;
  private final Map<String, Value> values = new HashMap<>();
  private final Set<String> usedNames = new HashSet<>();
  private final Map<String, Integer> consumers = new HashMap<>();
  private final Map<String, NodeProto> producers = new HashMap<>();
  private final Map<String, List<NodeProto>> readers = new HashMap<>();
  private final Set<NodeProto> absorbed = Collections.newSetFromMap(new IdentityHashMap<>());
  private final Map<NodeProto, Activation> fusedActivations = new IdentityHashMap<>();
  private final Set<String> graphOutputs = new HashSet<>();
  private final Map<Tensor, String> initializerTensors = new IdentityHashMap<>();
  private final Map<Object, WeightSource> operatorSources = new IdentityHashMap<>();
  private final Map<String, WeightSource> weightSources = new java.util.LinkedHashMap<>();
  private GraphBuilder builder;

  GraphTranslator(GraphProto graph, int opset, OnnxReadLimits limits, int[] inputShapeOverride) {
    this.graph = graph;
    this.opset = opset;
    this.limits = limits;
    this.inputShapeOverride = inputShapeOverride == null ? null : inputShapeOverride.clone();
  }

  /**
   * Translates the graph.
   *
   * @return the core graph
   * @throws InvalidModelException if the graph is inconsistent or uses an unsupported feature
   * @throws UncertifiableModelException if the input path contains an operation without a (useful)
   *     Lipschitz constant, or operators LipCert does not know (all listed)
   */
  Graph translate() {
    if (graph.getNodeCount() == 0) {
      throw new InvalidModelException("the graph has no nodes");
    }
    if (graph.getOutputCount() == 0) {
      throw new InvalidModelException("the graph declares no output");
    }
    Set<String> initializers = new HashSet<>();
    for (TensorProto t : graph.getInitializerList()) {
      Tensor tensor = TensorDecoder.decode(t, limits.maxTensorElements());
      values.put(t.getName(), new Const(tensor));
      initializerTensors.put(tensor, t.getName());
      initializers.add(t.getName());
    }
    List<ValueInfoProto> inputs = new ArrayList<>();
    for (ValueInfoProto input : graph.getInputList()) {
      if (!initializers.contains(input.getName())) {
        inputs.add(input);
      }
    }
    if (inputs.isEmpty()) {
      throw new InvalidModelException(
          "the graph has no input besides its initializers: nothing to certify");
    }
    for (ValueInfoProto output : graph.getOutputList()) {
      graphOutputs.add(output.getName());
    }
    List<NodeProto> nodes = neededNodes();
    Set<String> dynamic = dynamicValues(inputs, nodes);
    findFusedActivations(nodes);
    precheck(nodes, dynamic);
    defineInputs(inputs);
    for (NodeProto node : nodes) {
      if (!absorbed.contains(node)) {
        translateNode(node);
      }
    }
    finishOutputs();
    Graph result = builder.build();
    for (org.lipcert.core.graph.Node node : result.nodes()) {
      if (node.operation() instanceof AffineLayer layer) {
        WeightSource source = operatorSources.get(layer.operator());
        if (source == null) {
          source = operatorSources.get(layer);
        }
        if (source != null) {
          weightSources.put(node.name(), source);
        }
      }
    }
    return result;
  }

  /**
   * Returns, after {@link #translate()}, the initializer that stores each affine layer's weights,
   * by core node name; layers whose weights are computed by the graph are absent.
   */
  Map<String, WeightSource> weightSources() {
    return weightSources;
  }

  /**
   * Records that {@code key} (an operator, or a layer) has the weights of {@code tensor} times
   * {@code multiplier} when the tensor is an initializer as stored, and returns {@code key}.
   */
  private <T> T sourced(T key, Tensor tensor, double multiplier) {
    String initializer = tensor == null ? null : initializerTensors.get(tensor);
    if (initializer != null) {
      operatorSources.put(key, new WeightSource(initializer, multiplier));
    }
    return key;
  }

  // ---------------------------------------------------------------- graph analysis

  /** Returns the nodes the graph outputs depend on, in file order, and counts consumers. */
  private List<NodeProto> neededNodes() {
    for (NodeProto node : graph.getNodeList()) {
      for (String output : node.getOutputList()) {
        if (!output.isEmpty()) {
          producers.put(output, node);
        }
      }
    }
    Set<NodeProto> needed = Collections.newSetFromMap(new IdentityHashMap<>());
    List<String> stack = new ArrayList<>(graphOutputs);
    while (!stack.isEmpty()) {
      NodeProto node = producers.get(stack.remove(stack.size() - 1));
      if (node != null && needed.add(node)) {
        stack.addAll(node.getInputList());
      }
    }
    List<NodeProto> ordered = new ArrayList<>();
    for (NodeProto node : graph.getNodeList()) {
      if (needed.contains(node)) {
        ordered.add(node);
        for (String input : node.getInputList()) {
          consumers.merge(input, 1, Integer::sum);
          readers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
        }
      }
    }
    for (String output : graphOutputs) {
      consumers.merge(output, 1, Integer::sum);
    }
    return ordered;
  }

  /** Returns the names of the values that depend on the input's values. */
  private Set<String> dynamicValues(List<ValueInfoProto> inputs, List<NodeProto> nodes) {
    Set<String> dynamic = new HashSet<>();
    for (ValueInfoProto input : inputs) {
      dynamic.add(input.getName());
    }
    for (NodeProto node : nodes) {
      String op = node.getOpType();
      if (op.equals("Shape") || op.equals("Size")) {
        continue;
      }
      boolean any = false;
      for (String input : node.getInputList()) {
        any |= dynamic.contains(input);
      }
      if (any) {
        for (String output : node.getOutputList()) {
          dynamic.add(output);
        }
      }
    }
    return dynamic;
  }

  /**
   * Recognises activations exporters write as products: SiLU {@code x·Sigmoid(x)}, HardSwish {@code
   * x·HardSigmoid(x)} with {@code α = 1/6, β = 1/2}, Mish {@code x·Tanh(Softplus(x))}.
   */
  private void findFusedActivations(List<NodeProto> nodes) {
    for (NodeProto node : nodes) {
      if (!node.getOpType().equals("Mul") || node.getInputCount() != 2) {
        continue;
      }
      for (int side = 0; side < 2; side++) {
        String x = node.getInput(side);
        String g = node.getInput(1 - side);
        NodeProto gate = producers.get(g);
        if (gate == null || gate.getInputCount() < 1) {
          continue;
        }
        Activation activation = null;
        List<NodeProto> inner = new ArrayList<>();
        inner.add(gate);
        String op = gate.getOpType();
        if (op.equals("Sigmoid") && gate.getInput(0).equals(x)) {
          activation = Activation.of(ActivationKind.SILU);
        } else if (op.equals("HardSigmoid") && gate.getInput(0).equals(x)) {
          NodeAttributes a = new NodeAttributes(gate, g, limits.maxTensorElements());
          if (Math.abs(a.getFloat("alpha", 0.2) - 1.0 / 6) < 1e-7
              && a.getFloat("beta", 0.5) == 0.5) {
            activation = Activation.of(ActivationKind.HARD_SWISH);
          }
        } else if (op.equals("Tanh")) {
          NodeProto softplus = producers.get(gate.getInput(0));
          if (softplus != null
              && softplus.getOpType().equals("Softplus")
              && softplus.getInputCount() > 0
              && softplus.getInput(0).equals(x)
              && consumers.getOrDefault(gate.getInput(0), 0) == 1) {
            activation = Activation.of(ActivationKind.MISH);
            inner.add(softplus);
          }
        }
        if (activation != null) {
          fusedActivations.put(node, activation);
          if (consumers.getOrDefault(g, 0) == 1) {
            absorbed.addAll(inner);
          }
          break;
        }
      }
    }
  }

  /**
   * Refuses, before any work, the first node on the input path that has no useful Lipschitz
   * constant whatever its attributes, then every operator LipCert does not know or does not support
   * on the input path, all in one message.
   */
  private void precheck(List<NodeProto> nodes, Set<String> dynamic) {
    Map<String, List<String>> unknown = new LinkedHashMap<>();
    for (NodeProto node : nodes) {
      String op = node.getOpType();
      String name = nodeName(node);
      if (!OnnxOperators.STANDARD_DOMAINS.contains(node.getDomain())) {
        unknown.computeIfAbsent(node.getDomain() + "." + op, k -> new ArrayList<>()).add(name);
        continue;
      }
      if (!OnnxOperators.known(op)) {
        unknown.computeIfAbsent(op, k -> new ArrayList<>()).add(name);
        continue;
      }
      if (absorbed.contains(node) || fusedActivations.containsKey(node)) {
        continue;
      }
      int dynamicInputs = 0;
      for (String input : node.getInputList()) {
        dynamicInputs += dynamic.contains(input) ? 1 : 0;
      }
      if (dynamicInputs == 0 || op.equals("Shape") || op.equals("Size")) {
        continue;
      }
      String reason = OnnxOperators.REFUSED.get(op);
      if (reason == null && op.equals("LayerNormalization")) {
        reason = layerNormalizationReason(node);
      }
      if (reason == null && op.equals("Where") && dynamic.contains(node.getInput(0))) {
        reason = "no finite Lipschitz constant: Where switches on an input-dependent condition";
      }
      if (reason == null && isProduct(node, dynamic)) {
        reason =
            switch (op) {
              case "Div" -> "no finite Lipschitz constant: quotient by an input-dependent tensor";
              case "Pow" ->
                  "no finite Lipschitz constant: an input-dependent exponent (c^x) has an"
                      + " unbounded derivative";
              default -> "no finite Lipschitz constant: product of two input-dependent tensors";
            };
      }
      if (reason != null) {
        throw new UncertifiableModelException(name, op, reason);
      }
      if (!OnnxOperators.TRANSLATED.contains(op)) {
        unknown.computeIfAbsent(op, k -> new ArrayList<>()).add(name);
      }
    }
    if (!unknown.isEmpty()) {
      List<String> parts = new ArrayList<>();
      List<String> names = new ArrayList<>();
      for (Map.Entry<String, List<String>> e : unknown.entrySet()) {
        List<String> where = e.getValue();
        names.add(where.get(0));
        parts.add(
            e.getKey()
                + " (node"
                + (where.size() > 1 ? "s " : " ")
                + quoteAll(where.subList(0, Math.min(where.size(), 3)))
                + (where.size() > 3 ? " and " + (where.size() - 3) + " more" : "")
                + ")");
      }
      throw new UncertifiableModelException(
          String.join(", ", names),
          String.join(", ", unknown.keySet()),
          "LipCert does not know or cannot certify on the input path the operator"
              + (unknown.size() > 1 ? "s " : " ")
              + String.join("; ", parts)
              + ". Supported on the input path: "
              + OnnxOperators.translatedList());
    }
  }

  private static String quoteAll(List<String> names) {
    List<String> quoted = new ArrayList<>();
    for (String n : names) {
      quoted.add("'" + n + "'");
    }
    return String.join(", ", quoted);
  }

  private static boolean isProduct(NodeProto node, Set<String> dynamic) {
    String op = node.getOpType();
    if (node.getInputCount() < 2) {
      return false;
    }
    boolean first = dynamic.contains(node.getInput(0));
    boolean second = dynamic.contains(node.getInput(1));
    return switch (op) {
      case "Mul", "MatMul", "Gemm" -> first && second;
      case "Div" -> second;
      case "Conv", "ConvTranspose", "PRelu", "Pow" -> second;
      default -> false;
    };
  }

  private String layerNormalizationReason(NodeProto node) {
    String constant = "";
    Value scale = node.getInputCount() > 1 ? values.get(node.getInput(1)) : null;
    NodeAttributes a = new NodeAttributes(node, nodeName(node), limits.maxTensorElements());
    double epsilon = a.getFloat("epsilon", 1e-5);
    if (scale instanceof Const c && epsilon > 0) {
      double max = 0;
      for (double g : c.tensor().values()) {
        max = Math.max(max, Math.abs(g));
      }
      constant = String.format(" = %.4g", max / Math.sqrt(epsilon));
    }
    return "not certifiable: LayerNormalization divides by the input's own standard deviation;"
        + " its Lipschitz constant max|γ|/√ε"
        + constant
        + " (ε = "
        + epsilon
        + ") is finite but far too large to be useful";
  }

  // ---------------------------------------------------------------- inputs and outputs

  private void defineInputs(List<ValueInfoProto> inputs) {
    if (inputs.size() == 1) {
      ValueInfoProto input = inputs.get(0);
      int[] dims = inputDims(input, inputShapeOverride);
      builder = new GraphBuilder(Shapes.core(dims), input.getName());
      usedNames.add(input.getName());
      values.put(input.getName(), new Dyn(0, dims));
      return;
    }
    if (inputShapeOverride != null) {
      throw new InvalidModelException(
          "the model has " + inputs.size() + " inputs; an input shape can only be given for one");
    }
    List<int[]> all = new ArrayList<>();
    long total = 0;
    for (ValueInfoProto input : inputs) {
      int[] dims = inputDims(input, null);
      all.add(dims);
      total += Shapes.size(dims);
    }
    checkSize(total, "the inputs");
    builder = new GraphBuilder(Shape.of((int) total), "inputs");
    usedNames.add("inputs");
    int offset = 0;
    for (int k = 0; k < inputs.size(); k++) {
      int[] dims = all.get(k);
      int n = Shapes.size(dims);
      int[] source = new int[n];
      for (int i = 0; i < n; i++) {
        source[i] = offset + i;
      }
      offset += n;
      ScaledSelection part = new ScaledSelection((int) total, source, null, "selection");
      Dyn d =
          affine(
              inputs.get(k).getName(),
              "Input",
              part,
              null,
              dims,
              new Dyn(0, new int[] {(int) total}));
      values.put(inputs.get(k).getName(), d);
    }
  }

  /** Returns an input's ONNX dimensions: symbolic batch → 1, or the user's override. */
  private int[] inputDims(ValueInfoProto input, int[] override) {
    String name = input.getName();
    TypeProto type = input.getType();
    if (!type.hasTensorType()) {
      throw new InvalidModelException("input '" + name + "' is not a tensor");
    }
    int elem = type.getTensorType().getElemType();
    if (elem != 0 && Tensor.isIntegral(elem)) {
      throw new InvalidModelException(
          "input '"
              + name
              + "' has element type "
              + TensorDecoder.typeName(elem)
              + "; LipCert certifies networks of real-valued inputs");
    }
    if (!type.getTensorType().hasShape()) {
      if (override == null) {
        throw new InvalidModelException(
            "input '" + name + "' declares no shape; give the input shape as a parameter");
      }
      return validDims(override, name);
    }
    List<TensorShapeProto.Dimension> declared = type.getTensorType().getShape().getDimList();
    int rank = declared.size();
    int[] dims = new int[rank];
    String symbolic = null;
    for (int k = 0; k < rank; k++) {
      TensorShapeProto.Dimension d = declared.get(k);
      long v = d.hasDimValue() ? d.getDimValue() : -1;
      if (v > 0 && v <= Integer.MAX_VALUE) {
        dims[k] = (int) v;
      } else if (k == 0) {
        dims[k] = 1; // a symbolic batch size
      } else {
        dims[k] = -1;
        symbolic =
            symbolic != null ? symbolic : d.hasDimParam() ? "'" + d.getDimParam() + "'" : "?";
      }
    }
    if (override != null) {
      int[] o = override.length == rank - 1 ? Shapes.concat(new int[] {1}, override) : override;
      if (o.length != rank) {
        throw new InvalidModelException(
            "the input shape "
                + Arrays.toString(override)
                + " does not match input '"
                + name
                + "' of rank "
                + rank);
      }
      if (o[0] != 1) {
        throw new InvalidModelException(
            "the input shape "
                + Arrays.toString(override)
                + " has a batch size of "
                + o[0]
                + "; give the shape of one sample (the Lipschitz constant does not depend on"
                + " the batch)");
      }
      for (int k = 1; k < rank; k++) {
        if (dims[k] > 0 && dims[k] != o[k]) {
          throw new InvalidModelException(
              "the input shape "
                  + Arrays.toString(override)
                  + " contradicts the declared dimension "
                  + dims[k]
                  + " of input '"
                  + name
                  + "' at axis "
                  + k);
        }
      }
      return validDims(o, name);
    }
    if (symbolic != null) {
      throw new InvalidModelException(
          "input '"
              + name
              + "' has a symbolic dimension "
              + symbolic
              + " besides the batch axis; give the input shape as a parameter");
    }
    return validDims(dims, name);
  }

  private int[] validDims(int[] dims, String name) {
    long size = 1;
    for (int d : dims) {
      if (d < 1) {
        throw new InvalidModelException(
            "input '" + name + "' has an invalid shape " + Arrays.toString(dims));
      }
      size *= d;
      checkSize(size, "input '" + name + "'");
    }
    return dims.clone();
  }

  private void checkSize(long size, String what) {
    if (size > limits.maxTensorElements()) {
      throw new InvalidModelException(
          what + " would have more than the " + limits.maxTensorElements() + " elements allowed");
    }
  }

  private void finishOutputs() {
    List<Dyn> outputs = new ArrayList<>();
    List<String> names = new ArrayList<>();
    for (ValueInfoProto output : graph.getOutputList()) {
      Value v = values.get(output.getName());
      if (v == null) {
        throw new InvalidModelException(
            "graph output '" + output.getName() + "' is produced by no node");
      }
      if (v instanceof Dyn d) {
        outputs.add(d);
        names.add(output.getName());
      }
    }
    if (outputs.isEmpty()) {
      throw new InvalidModelException(
          "no graph output depends on the input; the network is constant");
    }
    if (outputs.size() == 1) {
      Dyn d = outputs.get(0);
      if (d.index() != builder.size() - 1) {
        builder.add(
            unique(names.get(0)), new Reshape("Identity", builder.shape(d.index())), d.index());
      }
      return;
    }
    int[] flat = new int[outputs.size()];
    Shape[] shapes = new Shape[outputs.size()];
    for (int k = 0; k < flat.length; k++) {
      Shape s = Shape.of(builder.shape(outputs.get(k).index()).size());
      flat[k] = coreInput(outputs.get(k), s, names.get(k));
      shapes[k] = s;
    }
    builder.add(unique("outputs"), new Concat("Concat", 0, shapes), flat);
  }

  // ---------------------------------------------------------------- node translation

  private static String nodeName(NodeProto node) {
    if (!node.getName().isEmpty()) {
      return node.getName();
    }
    return node.getOutputCount() > 0 && !node.getOutput(0).isEmpty()
        ? node.getOutput(0)
        : node.getOpType();
  }

  private String unique(String base) {
    if (usedNames.add(base)) {
      return base;
    }
    for (int k = 2; ; k++) {
      String candidate = base + "#" + k;
      if (usedNames.add(candidate)) {
        return candidate;
      }
    }
  }

  private void translateNode(NodeProto node) {
    String name = nodeName(node);
    String op = node.getOpType();
    try {
      NodeAttributes a = new NodeAttributes(node, name, limits.maxTensorElements());
      Value[] in = new Value[node.getInputCount()];
      Dyn x = null;
      for (int k = 0; k < in.length; k++) {
        String input = node.getInput(k);
        if (input.isEmpty()) {
          continue;
        }
        in[k] = values.get(input);
        if (in[k] == null) {
          throw new InvalidModelException(
              "reads '"
                  + input
                  + "', which no earlier node, initializer or graph input defines (nodes must be"
                  + " in topological order)");
        }
        if (x == null && in[k] instanceof Dyn d) {
          x = d;
        }
      }
      if (!op.equals("Constant") && (in.length == 0 || in[0] == null)) {
        throw new InvalidModelException(
            "node '" + name + "' (" + op + "): its first input is missing or empty");
      }
      if (x == null) {
        fold(node, name, op, a, in);
      } else if (op.equals("Shape") || op.equals("Size")) {
        Tensor t =
            op.equals("Shape")
                ? ConstantFolding.shape(name, a, x.dims())
                : Tensor.scalar(name, Tensor.INT64, Shapes.size(x.dims()));
        define(node, 0, new Const(t));
      } else {
        translateDynamic(node, name, op, a, in, x);
      }
    } catch (ClassCastException e) {
      // The translators read weights, indices, slopes and shapes as constants; a cast that fails
      // means such an input depends on the network's input (a product of inputs, at best).
      throw new UncertifiableModelException(
          name,
          op,
          "an input that must be a constant (weights, indices, slope or shape) depends on the"
              + " network input");
    } catch (NullPointerException e) {
      // The translators look inputs and attributes up by position and name; a null is one the
      // node does not have (absent, or left empty as if optional): the model's fault, a 400.
      throw new InvalidModelException(
          "node '" + name + "' (" + op + "): a required input or attribute is missing", e);
    } catch (IllegalArgumentException
        | IndexOutOfBoundsException
        | ArithmeticException
        | NegativeArraySizeException e) {
      // Inconsistent attributes that slipped past the checks: still the model's fault, a 400.
      throw new InvalidModelException(
          "node '" + name + "' (" + op + "): inconsistent attributes or shapes (" + e + ")", e);
    } catch (InvalidModelException e) {
      String message = e.getMessage();
      if (message != null && (message.startsWith("node '") || message.startsWith("layer '"))) {
        throw e;
      }
      throw new InvalidModelException("node '" + name + "' (" + op + "): " + message, e);
    }
  }

  private void fold(NodeProto node, String name, String op, NodeAttributes a, Value[] in) {
    Tensor[] tensors = constants(in);
    Tensor[] out =
        ConstantFolding.fold(
            op, name, a, tensors, opset, limits.maxTensorElements(), node.getOutputCount());
    for (int k = 0; k < out.length && k < node.getOutputCount(); k++) {
      if (out[k] != null) {
        define(node, k, new Const(out[k]));
      }
    }
  }

  private static Tensor[] constants(Value[] in) {
    Tensor[] t = new Tensor[in.length];
    for (int k = 0; k < in.length; k++) {
      t[k] = in[k] instanceof Const c ? c.tensor() : null;
    }
    return t;
  }

  private void define(NodeProto node, int output, Value value) {
    String name = node.getOutput(output);
    if (!name.isEmpty()) {
      values.put(name, value);
    }
  }

  /** Returns input {@code k} as a constant, refusing an input-dependent one. */
  private static Tensor constant(Value[] in, int k, String what) {
    if (k >= in.length || in[k] == null) {
      return null;
    }
    if (in[k] instanceof Const c) {
      return c.tensor();
    }
    throw new InvalidModelException(what + " must be a constant, not computed from the input");
  }

  private void translateDynamic(
      NodeProto node, String name, String op, NodeAttributes a, Value[] in, Dyn x) {
    Activation fused = fusedActivations.get(node);
    if (fused != null) {
      define(node, 0, activation(name, op, fused, x));
      return;
    }
    Tensor[] tensors = constants(in);
    Value result =
        switch (op) {
          case "Identity", "CastLike" -> x;
          case "Dropout" -> dropout(node, x);
          case "Cast" -> cast(name, a, x);
          case "Flatten" ->
              reshape(name, op, x, Shapes.flatten(x.dims(), a.getInt("axis", 1), name));
          case "Reshape" ->
              reshape(
                  name,
                  op,
                  x,
                  ConstantFolding.reshapeDims(
                      name, a, constant(in, 1, "the target shape"), x.dims(), opset));
          case "Squeeze" ->
              reshape(
                  name,
                  op,
                  x,
                  Shapes.squeeze(x.dims(), ConstantFolding.axes(a, tensors, opset, 13), name));
          case "Unsqueeze" -> {
            long[] axes = ConstantFolding.axes(a, tensors, opset, 13);
            if (axes == null) {
              throw new InvalidModelException("axes are required");
            }
            yield reshape(name, op, x, Shapes.unsqueeze(x.dims(), axes, name));
          }
          case "Transpose" ->
              selection(
                  name,
                  op,
                  x,
                  Selection.transpose(x.dims(), ConstantFolding.perm(a, x.dims().length), name),
                  "permutation");
          case "Add", "Sub" -> addOrSubtract(node, name, op, in);
          case "Sum" -> sum(name, op, in);
          case "Mul" -> multiply(name, op, in);
          case "Div" -> divide(name, op, in);
          case "Neg" -> scale(name, op, x, -1);
          case "Pow" -> power(name, op, in, x);
          case "MatMul" -> matMul(node, name, op, in);
          case "Gemm" -> gemm(node, name, op, a, in);
          case "Conv" -> convolution(node, name, op, a, in, x);
          case "ConvTranspose" -> convolutionTranspose(node, name, op, a, in, x);
          case "BatchNormalization" -> batchNormalization(node, name, op, a, in, x);
          case "Pad" -> pad(name, op, a, in, x);
          case "MaxPool", "AveragePool" -> pool(node, name, op, a, x);
          case "GlobalMaxPool" -> globalMaxPool(name, op, x);
          case "GlobalAveragePool" -> mean(name, op, x, spatialAxes(x.dims()), true);
          case "ReduceMean" -> reduceMean(name, op, a, tensors, x);
          case "Concat" -> concat(name, op, a, in);
          case "Slice" ->
              selection(
                  name,
                  op,
                  x,
                  ConstantFolding.slice(name, a, tensors, opset, x.dims()),
                  "selection");
          case "Gather" -> gather(name, op, a, in, x);
          case "Split" -> {
            split(node, name, op, a, tensors, x);
            yield null;
          }
          case "Expand" ->
              selection(
                  name,
                  op,
                  x,
                  Selection.broadcast(
                      x.dims(),
                      Shapes.broadcast(name, x.dims(), constant(in, 1, "the shape").ints())),
                  "broadcast");
          case "Tile" ->
              selection(
                  name,
                  op,
                  x,
                  Selection.tile(
                      x.dims(),
                      constant(in, 1, "repeats").longs(),
                      limits.maxTensorElements(),
                      name),
                  "tile");
          case "Relu", "Sigmoid", "Tanh", "Softplus", "HardSwish", "Mish" ->
              activation(name, op, Activation.of(kind(op)), x);
          case "LeakyRelu" ->
              activation(name, op, Activation.leakyRelu(a.getFloat("alpha", 0.01)), x);
          case "Elu" -> activation(name, op, Activation.elu(a.getFloat("alpha", 1.0)), x);
          case "Selu" -> selu(name, op, a, x);
          case "Gelu" -> gelu(name, op, a, x);
          case "HardSigmoid" ->
              activation(
                  name,
                  op,
                  Activation.hardSigmoid(a.getFloat("alpha", 0.2), a.getFloat("beta", 0.5)),
                  x);
          case "Clip" -> clip(name, op, a, in, tensors, x);
          case "PRelu" -> prelu(name, op, in, x);
          case "Softmax", "LogSoftmax" -> softmax(name, op, a, x);
          case "Where" ->
              throw new InvalidModelException(
                  "Where with a constant condition on the input path is not supported yet");
          default -> throw new InvalidModelException(op + " is not supported on the input path");
        };
    if (result != null) {
      define(node, 0, result);
    }
  }

  private static ActivationKind kind(String op) {
    return switch (op) {
      case "Relu" -> ActivationKind.RELU;
      case "Sigmoid" -> ActivationKind.SIGMOID;
      case "Tanh" -> ActivationKind.TANH;
      case "Softplus" -> ActivationKind.SOFTPLUS;
      case "HardSwish" -> ActivationKind.HARD_SWISH;
      default -> ActivationKind.MISH;
    };
  }

  // ---------------------------------------------------------------- core node helpers

  /** Adds a core node and returns its value, reshaped to the core shape of {@code dims}. */
  private Dyn add(String name, Operation operation, int[] dims, int... inputs) {
    checkSize(Shapes.size(dims) < 0 ? Long.MAX_VALUE : Shapes.size(dims), "node '" + name + "'");
    int index = builder.add(unique(name), operation, inputs);
    Dyn d = new Dyn(index, dims);
    Shape want = Shapes.core(dims);
    if (builder.shape(index).equals(want)) {
      return d;
    }
    return new Dyn(
        builder.add(unique(name + "/reshape"), new Reshape("Reshape", want), index), dims);
  }

  /** Returns the index of a core node holding {@code d} with exactly the core shape {@code s}. */
  private int coreInput(Dyn d, Shape s, String name) {
    if (builder.shape(d.index()).equals(s)) {
      return d.index();
    }
    return builder.add(unique(name + "/reshape"), new Reshape("Reshape", s), d.index());
  }

  private Dyn affine(
      String name, String opType, LinearOperator operator, double[] bias, int[] dims, Dyn x) {
    checkSize(Shapes.size(dims) < 0 ? Long.MAX_VALUE : Shapes.size(dims), "node '" + name + "'");
    return add(name, new AffineLayer(opType, operator, bias, Shapes.core(dims)), dims, x.index());
  }

  private Dyn activation(String name, String op, Activation activation, Dyn x) {
    return add(name, new ElementwiseActivation(op, activation), x.dims(), x.index());
  }

  private Dyn reshape(String name, String op, Dyn x, int[] dims) {
    if (Shapes.size(dims) != Shapes.size(x.dims())) {
      throw new InvalidModelException(
          "cannot reshape " + Arrays.toString(x.dims()) + " to " + Arrays.toString(dims));
    }
    if (Shapes.core(dims).equals(Shapes.core(x.dims()))) {
      return new Dyn(x.index(), dims);
    }
    return add(name, new Reshape(op, Shapes.core(dims)), dims, x.index());
  }

  /** Adds a selection layer, or only relabels {@code x} when the selection keeps every element. */
  private Dyn selection(String name, String op, Dyn x, Selection s, String formula) {
    int[] source = s.source();
    boolean identity = source.length == Shapes.size(x.dims());
    for (int o = 0; identity && o < source.length; o++) {
      identity = source[o] == o;
    }
    if (identity) {
      return reshape(name, op, x, s.dims());
    }
    return affine(
        name,
        op,
        new ScaledSelection(Shapes.size(x.dims()), source, null, formula),
        null,
        s.dims(),
        x);
  }

  private Dyn scale(String name, String op, Dyn x, double factor) {
    int n = Shapes.size(x.dims());
    double[] scale = new double[n];
    Arrays.fill(scale, factor);
    return affine(
        name, op, new ScaledSelection(n, Selection.range(n), scale, "scale"), null, x.dims(), x);
  }

  /** Broadcasts {@code x} to {@code dims} (a copy layer) unless it has them already. */
  private Dyn broadcastTo(String name, Dyn x, int[] dims) {
    if (Arrays.equals(x.dims(), dims)) {
      return x;
    }
    return selection(
        name + "/broadcast", "Expand", x, Selection.broadcast(x.dims(), dims), "broadcast");
  }

  // ---------------------------------------------------------------- element-wise arithmetic

  private Value dropout(NodeProto node, Dyn x) {
    if (node.getOutputCount() > 1 && !node.getOutput(1).isEmpty()) {
      double[] ones = new double[Shapes.size(x.dims())];
      Arrays.fill(ones, 1);
      define(node, 1, new Const(new Tensor(node.getOutput(1), Tensor.BOOL, x.dims(), ones)));
    }
    return x;
  }

  private Value cast(String name, NodeAttributes a, Dyn x) {
    int to = (int) a.getInt("to", Tensor.FLOAT);
    if (Tensor.isIntegral(to)) {
      throw new UncertifiableModelException(
          name,
          "Cast",
          "no finite Lipschitz constant: casting to "
              + TensorDecoder.typeName(to)
              + " rounds, a discontinuous step function");
    }
    return x;
  }

  private Value addOrSubtract(NodeProto node, String name, String op, Value[] in) {
    boolean subtract = op.equals("Sub");
    if (in[0] instanceof Dyn p && in[1] instanceof Dyn q) {
      int[] out = Shapes.broadcast(name, p.dims(), q.dims());
      Dyn a = broadcastTo(name, p, out);
      Dyn b = broadcastTo(name + "#1", q, out);
      Sum sum = subtract ? Sum.difference(op) : Sum.of(op, 2);
      return add(name, sum, out, a.index(), b.index());
    }
    boolean constantFirst = in[0] instanceof Const;
    Dyn x = (Dyn) (constantFirst ? in[1] : in[0]);
    Tensor c = ((Const) (constantFirst ? in[0] : in[1])).tensor();
    c.requireFinite("the constant of node '" + name + "'");
    int[] out = Shapes.broadcast(name, x.dims(), c.dims());
    double sign = subtract && constantFirst ? -1 : 1;
    double[] bias = Shapes.broadcastValues(c, out);
    if (subtract && !constantFirst) {
      for (int i = 0; i < bias.length; i++) {
        bias[i] = -bias[i];
      }
    }
    int n = Shapes.size(x.dims());
    int[] source = Shapes.broadcastSource(x.dims(), out);
    double[] scale = null;
    if (sign < 0) {
      scale = new double[source.length];
      Arrays.fill(scale, -1);
    }
    String formula = sign < 0 ? "scale" : Arrays.equals(out, x.dims()) ? "identity" : "broadcast";
    return affine(name, op, new ScaledSelection(n, source, scale, formula), bias, out, x);
  }

  private Value sum(String name, String op, Value[] in) {
    List<Dyn> dynamic = new ArrayList<>();
    List<Tensor> constant = new ArrayList<>();
    int[] out = new int[0];
    for (Value v : in) {
      if (v instanceof Dyn d) {
        dynamic.add(d);
        out = Shapes.broadcast(name, out, d.dims());
      } else if (v instanceof Const c) {
        constant.add(c.tensor());
        out = Shapes.broadcast(name, out, c.tensor().dims());
      }
    }
    Dyn result;
    if (dynamic.size() == 1) {
      result = broadcastTo(name, dynamic.get(0), out);
    } else {
      int[] inputs = new int[dynamic.size()];
      for (int k = 0; k < inputs.length; k++) {
        inputs[k] = broadcastTo(name + "#" + k, dynamic.get(k), out).index();
      }
      result = add(name, Sum.of(op, inputs.length), out, inputs);
    }
    if (constant.isEmpty()) {
      return result;
    }
    double[] bias = new double[Shapes.size(out)];
    for (Tensor c : constant) {
      c.requireFinite("the constant of node '" + name + "'");
      double[] v = Shapes.broadcastValues(c, out);
      for (int i = 0; i < bias.length; i++) {
        bias[i] += v[i];
      }
    }
    return affine(name + "/constant", op, ScaledSelection.identity(bias.length), bias, out, result);
  }

  private Value multiply(String name, String op, Value[] in) {
    if (in[0] instanceof Dyn && in[1] instanceof Dyn) {
      throw new UncertifiableModelException(
          name, op, "no finite Lipschitz constant: product of two input-dependent tensors");
    }
    boolean constantFirst = in[0] instanceof Const;
    Dyn x = (Dyn) (constantFirst ? in[1] : in[0]);
    Tensor c = ((Const) (constantFirst ? in[0] : in[1])).tensor();
    c.requireFinite("the factor of node '" + name + "'");
    int[] out = Shapes.broadcast(name, x.dims(), c.dims());
    return affine(
        name,
        op,
        new ScaledSelection(
            Shapes.size(x.dims()),
            Shapes.broadcastSource(x.dims(), out),
            Shapes.broadcastValues(c, out),
            "scale"),
        null,
        out,
        x);
  }

  private Value divide(String name, String op, Value[] in) {
    if (in[1] instanceof Dyn) {
      throw new UncertifiableModelException(
          name, op, "no finite Lipschitz constant: quotient by an input-dependent tensor");
    }
    Dyn x = (Dyn) in[0];
    Tensor c = ((Const) in[1]).tensor();
    c.requireFinite("the divisor of node '" + name + "'");
    int[] out = Shapes.broadcast(name, x.dims(), c.dims());
    double[] factors = Shapes.broadcastValues(c, out);
    for (int i = 0; i < factors.length; i++) {
      if (factors[i] == 0) {
        throw new InvalidModelException("divides by a constant 0");
      }
      factors[i] = 1 / factors[i];
    }
    // fl(1/c) is within u of 1/c: the bracket is widened by that relative error.
    return affine(
        name,
        op,
        new ScaledSelection(
            Shapes.size(x.dims()),
            Shapes.broadcastSource(x.dims(), out),
            factors,
            "scale",
            RoundingModel.UNIT_ROUNDOFF),
        null,
        out,
        x);
  }

  private Value power(String name, String op, Value[] in, Dyn x) {
    if (in[0] instanceof Dyn && in[1] instanceof Const c) {
      boolean identity = true;
      for (double e : c.tensor().values()) {
        identity &= e == 1;
      }
      if (identity
          && Arrays.equals(Shapes.broadcast(name, x.dims(), c.tensor().dims()), x.dims())) {
        return x;
      }
      throw new UncertifiableModelException(
          name,
          op,
          "no finite Lipschitz constant: x^p with p = "
              + c.tensor().values()[0]
              + " has an unbounded derivative");
    }
    throw new UncertifiableModelException(
        name,
        op,
        "no finite Lipschitz constant: an input-dependent exponent (c^x) has an unbounded derivative");
  }

  // ---------------------------------------------------------------- dense layers

  /** Returns the Add/Sub node that adds a constant bias to {@code output} and can be folded in. */
  private NodeProto biasConsumer(String output, int[] dims) {
    if (graphOutputs.contains(output) || consumers.getOrDefault(output, 0) != 1) {
      return null;
    }
    List<NodeProto> list = readers.get(output);
    if (list == null || list.size() != 1) {
      return null;
    }
    NodeProto next = list.get(0);
    String op = next.getOpType();
    if (!(op.equals("Add") || op.equals("Sub"))
        || next.getInputCount() != 2
        || !OnnxOperators.STANDARD_DOMAINS.contains(next.getDomain())
        || fusedActivations.containsKey(next)) {
      return null;
    }
    int other = next.getInput(0).equals(output) ? 1 : 0;
    if (next.getInput(1 - other).equals(next.getInput(other))) {
      return null;
    }
    if (op.equals("Sub") && other == 0) {
      return null; // c − y negates the layer
    }
    if (!(values.get(next.getInput(other)) instanceof Const c)) {
      return null;
    }
    int[] out = Shapes.broadcast(nodeName(next), dims, c.tensor().dims());
    return Arrays.equals(out, dims) ? next : null;
  }

  /**
   * Adds a linear layer, folding a following constant Add/Sub into its bias.
   *
   * @param bias the layer's own bias, broadcast to {@code dims}, or {@code null}
   */
  private Dyn linearLayer(
      NodeProto node,
      String name,
      String op,
      LinearOperator operator,
      double[] bias,
      int[] dims,
      Dyn x) {
    NodeProto next = biasConsumer(node.getOutput(0), dims);
    if (next != null) {
      int other = next.getInput(0).equals(node.getOutput(0)) ? 1 : 0;
      Tensor c = ((Const) values.get(next.getInput(other))).tensor();
      c.requireFinite("the bias of node '" + nodeName(next) + "'");
      double[] extra = Shapes.broadcastValues(c, dims);
      double sign = next.getOpType().equals("Sub") ? -1 : 1;
      double[] b = bias == null ? new double[extra.length] : bias;
      for (int i = 0; i < b.length; i++) {
        b[i] += sign * extra[i];
      }
      bias = b;
    }
    Dyn result = affine(name, op, operator, bias, dims, x);
    if (next != null) {
      absorbed.add(next);
      define(next, 0, result);
    }
    return result;
  }

  /**
   * Returns the constant operand of a matrix product as a {@code rows × cols} matrix, transposed
   * from the tensor's layout if asked; a float32 initializer stays in float32.
   */
  private static DenseMatrix matrix(int rows, int cols, Tensor tensor, boolean transpose) {
    float[] floats = tensor.floats();
    if (floats == null) {
      return matrix(rows, cols, tensor.values(), transpose);
    }
    if (!transpose) {
      return DenseMatrix.ofFloat32(rows, cols, floats);
    }
    float[] t = new float[floats.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[i * cols + j] = floats[j * rows + i];
      }
    }
    return DenseMatrix.ofFloat32(rows, cols, t);
  }

  private static DenseMatrix matrix(int rows, int cols, double[] data, boolean transpose) {
    if (!transpose) {
      return DenseMatrix.of(rows, cols, data);
    }
    double[] t = new double[data.length];
    for (int i = 0; i < rows; i++) {
      for (int j = 0; j < cols; j++) {
        t[i * cols + j] = data[j * rows + i];
      }
    }
    return DenseMatrix.of(rows, cols, t);
  }

  private static void requireUnitBatch(int[] dims, int upTo, String what) {
    for (int k = 0; k < upTo; k++) {
      if (dims[k] != 1) {
        throw new InvalidModelException(
            what + " with batch dimensions " + Arrays.toString(dims) + " is not supported");
      }
    }
  }

  private Value matMul(NodeProto node, String name, String op, Value[] in) {
    if (in[0] instanceof Dyn && in[1] instanceof Dyn) {
      throw new UncertifiableModelException(
          name, op, "no finite Lipschitz constant: product of two input-dependent tensors");
    }
    if (in[1] instanceof Const c) {
      Dyn x = (Dyn) in[0];
      Tensor w = c.tensor();
      w.requireFinite("the weight of node '" + name + "'");
      int[] xd = x.dims();
      int[] wd = w.dims();
      int r = xd.length;
      if (r == 0 || wd.length == 0) {
        throw new InvalidModelException("MatMul of a scalar");
      }
      int k = xd[r - 1];
      if (wd.length == 1) {
        if (wd[0] != k) {
          throw new InvalidModelException(
              "shapes " + Arrays.toString(xd) + " and " + Arrays.toString(wd) + " do not match");
        }
        int[] out = Arrays.copyOf(xd, r - 1);
        return linearLayer(
            node,
            name,
            op,
            sourced(new AxisLinear(DenseMatrix.of(1, k, w.values()), Shapes.size(out), 1), w, 1),
            null,
            out,
            x);
      }
      requireUnitBatch(wd, wd.length - 2, "a constant MatMul operand");
      int wk = wd[wd.length - 2];
      int n = wd[wd.length - 1];
      if (wk != k) {
        throw new InvalidModelException(
            "shapes " + Arrays.toString(xd) + " and " + Arrays.toString(wd) + " do not match");
      }
      int[] batch = r == 1 ? new int[0] : Arrays.copyOf(xd, r - 2);
      int[] wBatch = Arrays.copyOf(wd, wd.length - 2);
      int[] b = Shapes.broadcast(name, batch, wBatch);
      int[] out =
          r == 1 ? Shapes.concat(b, new int[] {n}) : Shapes.concat(b, new int[] {xd[r - 2], n});
      int outer = Shapes.size(xd) / k;
      return linearLayer(
          node,
          name,
          op,
          sourced(new AxisLinear(matrix(n, k, w, true), outer, 1), w, 1),
          null,
          out,
          x);
    }
    Dyn x = (Dyn) in[1];
    Tensor w = ((Const) in[0]).tensor();
    w.requireFinite("the weight of node '" + name + "'");
    int[] xd = x.dims();
    int[] wd = w.dims();
    if (xd.length == 0 || wd.length == 0) {
      throw new InvalidModelException("MatMul of a scalar");
    }
    int k = wd[wd.length - 1];
    if (xd.length == 1) {
      if (xd[0] != k) {
        throw new InvalidModelException(
            "shapes " + Arrays.toString(wd) + " and " + Arrays.toString(xd) + " do not match");
      }
      if (wd.length == 1) {
        return linearLayer(
            node,
            name,
            op,
            sourced(new AxisLinear(DenseMatrix.of(1, k, w.values()), 1, 1), w, 1),
            null,
            new int[0],
            x);
      }
      requireUnitBatch(wd, wd.length - 2, "a constant MatMul operand");
      int m = wd[wd.length - 2];
      int[] out = Shapes.concat(Arrays.copyOf(wd, wd.length - 2), new int[] {m});
      return linearLayer(
          node,
          name,
          op,
          sourced(new AxisLinear(matrix(m, k, w, false), 1, 1), w, 1),
          null,
          out,
          x);
    }
    int r = xd.length;
    if (xd[r - 2] != k) {
      throw new InvalidModelException(
          "shapes " + Arrays.toString(wd) + " and " + Arrays.toString(xd) + " do not match");
    }
    int n = xd[r - 1];
    int outer = Shapes.product(xd, 0, r - 2);
    int[] batch = Arrays.copyOf(xd, r - 2);
    if (wd.length == 1) {
      int[] out = Shapes.concat(batch, new int[] {n});
      return linearLayer(
          node,
          name,
          op,
          sourced(new AxisLinear(DenseMatrix.of(1, k, w.values()), outer, n), w, 1),
          null,
          out,
          x);
    }
    requireUnitBatch(wd, wd.length - 2, "a constant MatMul operand");
    int m = wd[wd.length - 2];
    int[] b = Shapes.broadcast(name, batch, Arrays.copyOf(wd, wd.length - 2));
    int[] out = Shapes.concat(b, new int[] {m, n});
    return linearLayer(
        node,
        name,
        op,
        sourced(new AxisLinear(matrix(m, k, w, false), outer, n), w, 1),
        null,
        out,
        x);
  }

  /**
   * Stands for "the tensor's own values" when {@code alpha = 1}, so that a float32 weight is not
   * widened just to be scaled by one.
   */
  private static final double[] UNSCALED = new double[0];

  /** Returns {@code α·w} if every product is exact in float64, else {@code null}. */
  private static double[] scaledExactly(double alpha, double[] w) {
    if (alpha == 1) {
      return w;
    }
    double[] r = new double[w.length];
    for (int i = 0; i < w.length; i++) {
      r[i] = alpha * w[i];
      if (Math.fma(alpha, w[i], -r[i]) != 0 || !Double.isFinite(r[i])) {
        return null;
      }
    }
    return r;
  }

  private Value gemm(NodeProto node, String name, String op, NodeAttributes a, Value[] in) {
    if (in[0] instanceof Dyn && in[1] instanceof Dyn) {
      throw new UncertifiableModelException(
          name, op, "no finite Lipschitz constant: product of two input-dependent tensors");
    }
    boolean transA = a.getInt("transA", 0) == 1;
    boolean transB = a.getInt("transB", 0) == 1;
    double alpha = a.getFloat("alpha", 1.0);
    double beta = a.getFloat("beta", 1.0);
    Dyn x;
    LinearOperator operator;
    int m;
    int n;
    double[] weights;
    if (in[1] instanceof Const c) {
      x = (Dyn) in[0];
      Tensor w = c.tensor();
      w.requireFinite("the weight of node '" + name + "'");
      int[] xd = x.dims();
      if (xd.length != 2 || w.rank() != 2) {
        throw new InvalidModelException(
            "Gemm needs matrices, got "
                + Arrays.toString(xd)
                + " and "
                + Arrays.toString(w.dims()));
      }
      m = transA ? xd[1] : xd[0];
      int k = transA ? xd[0] : xd[1];
      if (transA && m != 1) {
        throw new InvalidModelException(
            "Gemm with transA = 1 on an input of " + m + " columns is not supported");
      }
      int[] wd = w.dims();
      int wk = transB ? wd[1] : wd[0];
      n = transB ? wd[0] : wd[1];
      if (wk != k) {
        throw new InvalidModelException(
            "A is "
                + Arrays.toString(xd)
                + " and B is "
                + Arrays.toString(wd)
                + (transB ? " (transposed)" : "")
                + ": their inner dimensions differ");
      }
      weights = alpha == 1 ? UNSCALED : scaledExactly(alpha, w.values());
      DenseMatrix matrix =
          weights == UNSCALED || weights == null
              ? matrix(n, k, w, !transB)
              : matrix(n, k, weights, !transB);
      operator = sourced(new AxisLinear(matrix, m, 1), w, weights == null ? 1 : alpha);
    } else {
      x = (Dyn) in[1];
      Tensor w = ((Const) in[0]).tensor();
      w.requireFinite("the weight of node '" + name + "'");
      int[] xd = x.dims();
      if (xd.length != 2 || w.rank() != 2) {
        throw new InvalidModelException("Gemm needs matrices");
      }
      if (transB && xd[1] != 1) {
        throw new InvalidModelException(
            "Gemm with transB = 1 on an input-dependent B is not supported");
      }
      int k = transB ? xd[1] : xd[0];
      n = transB ? xd[0] : xd[1];
      int[] wd = w.dims();
      m = transA ? wd[1] : wd[0];
      int wk = transA ? wd[0] : wd[1];
      if (wk != k) {
        throw new InvalidModelException("the inner dimensions of A and B differ");
      }
      weights = alpha == 1 ? UNSCALED : scaledExactly(alpha, w.values());
      DenseMatrix matrix =
          weights == UNSCALED || weights == null
              ? matrix(m, k, w, transA)
              : matrix(m, k, weights, transA);
      operator = sourced(new AxisLinear(matrix, 1, n), w, weights == null ? 1 : alpha);
    }
    int[] out = {m, n};
    Value c = in.length > 2 ? in[2] : null;
    double[] bias = null;
    if (c instanceof Const constant && beta != 0) {
      constant.tensor().requireFinite("the bias of node '" + name + "'");
      bias = Shapes.broadcastValues(constant.tensor(), out);
      for (int i = 0; i < bias.length; i++) {
        bias[i] *= beta;
      }
    }
    boolean exact = weights != null;
    Dyn y =
        exact && !(c instanceof Dyn)
            ? linearLayer(node, name, op, operator, bias, out, x)
            : affine(name, op, operator, exact ? bias : null, out, x);
    if (!exact) {
      // α·W is not exact in float64: scale separately, by the exact α.
      y = scale(name + "/alpha", op, y, alpha);
      if (bias != null) {
        y = affine(name + "/bias", op, ScaledSelection.identity(bias.length), bias, out, y);
      }
    }
    if (c instanceof Dyn d) {
      Dyn cb = broadcastTo(name + "/C", d, out);
      y = add(name + "/sum", new Sum(op, new double[] {1, beta}), out, y.index(), cb.index());
    }
    return y;
  }

  // ---------------------------------------------------------------- convolutions and pooling

  /** The spatial geometry of a convolution or pooling node on a 1-D or 2-D input. */
  private record Window(
      int[] input, int[] kernel, int[] stride, int[] dilation, int[] begin, int[] end) {}

  private static int[] ints(int[] given, int n, int fill) {
    if (given == null) {
      int[] r = new int[n];
      Arrays.fill(r, fill);
      return r;
    }
    if (given.length != n) {
      throw new InvalidModelException(
          "expected " + n + " values per spatial axis, got " + Arrays.toString(given));
    }
    return given;
  }

  /** Resolves strides, dilations and pads (incl. auto_pad) of a Conv or pooling node. */
  private static Window window(NodeAttributes a, int[] input, int[] kernel) {
    int n = input.length;
    int[] stride = ints(a.getIntArray("strides"), n, 1);
    int[] dilation = ints(a.getIntArray("dilations"), n, 1);
    String autoPad = a.getString("auto_pad", "NOTSET");
    int[] begin = new int[n];
    int[] end = new int[n];
    switch (autoPad) {
      case "NOTSET" -> {
        int[] pads = ints(a.getIntArray("pads"), 2 * n, 0);
        for (int i = 0; i < n; i++) {
          begin[i] = pads[i];
          end[i] = pads[n + i];
          if (begin[i] < 0 || end[i] < 0) {
            throw new InvalidModelException("pads must not be negative: " + Arrays.toString(pads));
          }
        }
      }
      case "VALID" -> {}
      case "SAME_UPPER", "SAME_LOWER" -> {
        for (int i = 0; i < n; i++) {
          int out = (input[i] + stride[i] - 1) / stride[i];
          int total =
              Math.max(0, (out - 1) * stride[i] + (kernel[i] - 1) * dilation[i] + 1 - input[i]);
          int small = total / 2;
          begin[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
          end[i] = total - begin[i];
        }
      }
      default -> throw new InvalidModelException("unknown auto_pad '" + autoPad + "'");
    }
    return new Window(input, kernel, stride, dilation, begin, end);
  }

  /** Returns {@code [C, spatial…]} of an {@code [1, C, spatial…]} input, checking its rank. */
  private static int[] spatialInput(Dyn x, String op) {
    int[] d = x.dims();
    if (d.length != 3 && d.length != 4) {
      throw new InvalidModelException(
          op
              + " on an input of shape "
              + Arrays.toString(d)
              + " is not supported (1-D and 2-D only, batch first)");
    }
    if (d[0] != 1) {
      throw new InvalidModelException(op + " with a batch size of " + d[0] + " is not supported");
    }
    return Arrays.copyOfRange(d, 2, d.length);
  }

  private static int[] kernelShape(NodeAttributes a, int[] fromWeights) {
    int[] k = a.getIntArray("kernel_shape");
    if (k != null && fromWeights != null && !Arrays.equals(k, fromWeights)) {
      throw new InvalidModelException(
          "kernel_shape "
              + Arrays.toString(k)
              + " differs from the weights' "
              + Arrays.toString(fromWeights));
    }
    if (k == null && fromWeights == null) {
      throw new InvalidModelException("kernel_shape is required");
    }
    return k != null ? k : fromWeights;
  }

  private double[] channelBias(Tensor b, int channels, int spatial, String name) {
    if (b == null) {
      return null;
    }
    b.requireFinite("the bias of node '" + name + "'");
    if (b.size() != channels) {
      throw new InvalidModelException(
          "the bias has " + b.size() + " entries for " + channels + " channels");
    }
    double[] bias = new double[channels * spatial];
    for (int c = 0; c < channels; c++) {
      Arrays.fill(bias, c * spatial, (c + 1) * spatial, b.values()[c]);
    }
    return bias;
  }

  private Value convolution(
      NodeProto node, String name, String op, NodeAttributes a, Value[] in, Dyn x) {
    if (in[0] instanceof Const) {
      throw new InvalidModelException(
          "a Conv of a constant with an input-dependent kernel is not supported");
    }
    Tensor w = constant(in, 1, "the kernel");
    w.requireFinite("the kernel of node '" + name + "'");
    int[] spatial = spatialInput(x, op);
    int channels = x.dims()[1];
    int[] wd = w.dims();
    if (wd.length != spatial.length + 2) {
      throw new InvalidModelException(
          "the kernel "
              + Arrays.toString(wd)
              + " does not match the input "
              + Arrays.toString(x.dims()));
    }
    int outChannels = wd[0];
    int groups = (int) a.getInt("group", 1);
    if (groups < 1 || wd[1] * groups != channels) {
      throw new InvalidModelException(
          "the kernel "
              + Arrays.toString(wd)
              + " with group = "
              + groups
              + " does not match "
              + channels
              + " input channels");
    }
    int[] kernel = kernelShape(a, Arrays.copyOfRange(wd, 2, wd.length));
    Window g = window(a, spatial, kernel);
    ConvolutionGeometry geometry =
        spatial.length == 1
            ? ConvolutionGeometry.of1d(
                channels,
                outChannels,
                groups,
                spatial[0],
                kernel[0],
                g.stride()[0],
                g.dilation()[0],
                g.begin()[0],
                g.end()[0])
            : ConvolutionGeometry.of2d(
                channels,
                outChannels,
                groups,
                spatial,
                kernel,
                g.stride(),
                g.dilation(),
                new int[] {g.begin()[0], g.begin()[1], g.end()[0], g.end()[1]});
    int[] out =
        spatial.length == 1
            ? new int[] {1, outChannels, geometry.outputWidth()}
            : new int[] {1, outChannels, geometry.outputHeight(), geometry.outputWidth()};
    double[] bias =
        channelBias(
            constant(in, 2, "the bias"),
            outChannels,
            geometry.outputHeight() * geometry.outputWidth(),
            name);
    return linearLayer(
        node, name, op, sourced(new Convolution(geometry, w.values()), w, 1), bias, out, x);
  }

  private Value convolutionTranspose(
      NodeProto node, String name, String op, NodeAttributes a, Value[] in, Dyn x) {
    if (in[0] instanceof Const) {
      throw new InvalidModelException(
          "a ConvTranspose with an input-dependent kernel is not supported");
    }
    Tensor w = constant(in, 1, "the kernel");
    w.requireFinite("the kernel of node '" + name + "'");
    int[] spatial = spatialInput(x, op);
    int n = spatial.length;
    int channels = x.dims()[1];
    int[] wd = w.dims();
    int groups = (int) a.getInt("group", 1);
    if (wd.length != n + 2 || wd[0] != channels || groups < 1 || channels % groups != 0) {
      throw new InvalidModelException(
          "the kernel "
              + Arrays.toString(wd)
              + " with group = "
              + groups
              + " does not match the input "
              + Arrays.toString(x.dims()));
    }
    int outChannels = wd[1] * groups;
    int[] kernel = kernelShape(a, Arrays.copyOfRange(wd, 2, wd.length));
    int[] stride = ints(a.getIntArray("strides"), n, 1);
    int[] dilation = ints(a.getIntArray("dilations"), n, 1);
    int[] outputPadding = ints(a.getIntArray("output_padding"), n, 0);
    int[] outputShape = a.getIntArray("output_shape");
    String autoPad = a.getString("auto_pad", "NOTSET");
    int[] begin = new int[n];
    int[] end = new int[n];
    if (outputShape != null || autoPad.startsWith("SAME")) {
      int[] target = outputShape;
      if (target != null && target.length == n + 2) {
        target = Arrays.copyOfRange(target, 2, n + 2);
      }
      for (int i = 0; i < n; i++) {
        int o = target != null ? ints(target, n, 0)[i] : spatial[i] * stride[i];
        int total =
            stride[i] * (spatial[i] - 1) + outputPadding[i] + (kernel[i] - 1) * dilation[i] + 1 - o;
        if (total < 0) {
          throw new InvalidModelException(
              "output_shape "
                  + Arrays.toString(outputShape)
                  + " is larger than the transposed convolution produces");
        }
        int half = total / 2;
        begin[i] = autoPad.equals("SAME_UPPER") ? half : total - half;
        end[i] = total - begin[i];
      }
    } else if (!autoPad.equals("VALID")) {
      int[] pads = ints(a.getIntArray("pads"), 2 * n, 0);
      for (int i = 0; i < n; i++) {
        begin[i] = pads[i];
        end[i] = pads[n + i];
        if (begin[i] < 0 || end[i] < 0) {
          throw new InvalidModelException("pads must not be negative: " + Arrays.toString(pads));
        }
      }
    }
    ConvolutionTranspose operator =
        n == 1
            ? new ConvolutionTranspose(
                channels,
                outChannels,
                groups,
                new int[] {1, spatial[0]},
                new int[] {1, kernel[0]},
                new int[] {1, stride[0]},
                new int[] {1, dilation[0]},
                new int[] {0, begin[0], 0, end[0]},
                new int[] {0, outputPadding[0]},
                w.values())
            : new ConvolutionTranspose(
                channels,
                outChannels,
                groups,
                spatial,
                kernel,
                stride,
                dilation,
                new int[] {begin[0], begin[1], end[0], end[1]},
                outputPadding,
                w.values());
    sourced(operator, w, 1);
    int[] out =
        n == 1
            ? new int[] {1, outChannels, operator.outputWidth()}
            : new int[] {1, outChannels, operator.outputHeight(), operator.outputWidth()};
    double[] bias =
        channelBias(
            constant(in, 2, "the bias"),
            outChannels,
            operator.outputHeight() * operator.outputWidth(),
            name);
    return linearLayer(node, name, op, operator, bias, out, x);
  }

  private Value batchNormalization(
      NodeProto node, String name, String op, NodeAttributes a, Value[] in, Dyn x) {
    if (a.getInt("training_mode", 0) == 1) {
      throw new UncertifiableModelException(
          name,
          op,
          "not certifiable: training_mode = 1 normalises by the batch's own statistics, whose"
              + " constant max|γ|/√ε is useless; export the model in inference mode (model.eval())");
    }
    if (a.getInt("spatial", 1) != 1) {
      throw new InvalidModelException("spatial = 0 is not supported");
    }
    for (int k = 1; k < node.getOutputCount(); k++) {
      if (!node.getOutput(k).isEmpty() && consumers.getOrDefault(node.getOutput(k), 0) > 0) {
        throw new InvalidModelException("the running statistics outputs are not supported");
      }
    }
    int[] d = x.dims();
    if (d.length < 2 || d[0] != 1) {
      throw new InvalidModelException("expects an input [1, C, …], got " + Arrays.toString(d));
    }
    Shape shape = Shape.of(Arrays.copyOfRange(d, 1, d.length));
    Tensor scale = constant(in, 1, "scale");
    AffineLayer layer =
        BatchNormalization.of(
            op,
            shape,
            scale.values(),
            constant(in, 2, "B").values(),
            constant(in, 3, "mean").values(),
            constant(in, 4, "var").values(),
            a.getFloat("epsilon", 1e-5));
    sourced(layer.operator(), scale, Double.NaN);
    int index = coreInput(x, shape, name);
    return add(name, layer, d, index);
  }

  private Value pad(String name, String op, NodeAttributes a, Value[] in, Dyn x) {
    int[] d = x.dims();
    int r = d.length;
    String mode = a.getString("mode", "constant");
    long[] pads;
    double value;
    if (opset < 11) {
      pads = a.getInts("pads");
      value = a.getFloat("value", 0);
    } else {
      pads = constant(in, 1, "pads").longs();
      Tensor v = constant(in, 2, "constant_value");
      value = v == null ? 0 : v.scalarValue();
      Tensor axesTensor = constant(in, 3, "axes");
      if (axesTensor != null) {
        long[] axes = axesTensor.longs();
        long[] full = new long[2 * r];
        for (int j = 0; j < axes.length; j++) {
          int axis = Shapes.axis(axes[j], r, name);
          full[axis] = pads[j];
          full[r + axis] = pads[axes.length + j];
        }
        pads = full;
      }
    }
    if (pads == null || pads.length != 2 * r) {
      throw new InvalidModelException("pads must have 2 × rank = " + 2 * r + " entries");
    }
    int[] begin = new int[r];
    int[] end = new int[r];
    boolean none = true;
    int[] out = new int[r];
    for (int k = 0; k < r; k++) {
      begin[k] = (int) pads[k];
      end[k] = (int) pads[r + k];
      none &= begin[k] == 0 && end[k] == 0;
      out[k] = d[k] + begin[k] + end[k];
    }
    if (none) {
      return x;
    }
    if (!Double.isFinite(value)) {
      throw new InvalidModelException("the pad value " + value + " is not finite");
    }
    ScaledSelection operator = ScaledSelection.pad(d, begin, end, mode);
    double[] bias = null;
    if (mode.equals("constant") && value != 0) {
      double[] ones = new double[Shapes.size(d)];
      Arrays.fill(ones, 1);
      bias = new double[operator.outputSize()];
      operator.apply(ones, bias);
      for (int o = 0; o < bias.length; o++) {
        bias[o] = value * (1 - bias[o]);
      }
    }
    return affine(name, op, operator, bias, out, x);
  }

  private PoolingGeometry poolingGeometry(NodeAttributes a, Dyn x, String op) {
    int[] spatial = spatialInput(x, op);
    int[] kernel = kernelShape(a, null);
    if (kernel.length != spatial.length) {
      throw new InvalidModelException(
          "kernel_shape " + Arrays.toString(kernel) + " does not match the input");
    }
    Window g = window(a, spatial, kernel);
    boolean ceil = a.getInt("ceil_mode", 0) == 1;
    int channels = x.dims()[1];
    if (spatial.length == 1) {
      return new PoolingGeometry(
          channels,
          1,
          spatial[0],
          1,
          kernel[0],
          1,
          g.stride()[0],
          1,
          g.dilation()[0],
          0,
          g.begin()[0],
          0,
          g.end()[0],
          ceil);
    }
    return new PoolingGeometry(
        channels,
        spatial[0],
        spatial[1],
        kernel[0],
        kernel[1],
        g.stride()[0],
        g.stride()[1],
        g.dilation()[0],
        g.dilation()[1],
        g.begin()[0],
        g.begin()[1],
        g.end()[0],
        g.end()[1],
        ceil);
  }

  private static int[] poolOutput(Dyn x, PoolingGeometry g) {
    return x.dims().length == 3
        ? new int[] {1, g.channels(), g.outputWidth()}
        : new int[] {1, g.channels(), g.outputHeight(), g.outputWidth()};
  }

  private Value pool(NodeProto node, String name, String op, NodeAttributes a, Dyn x) {
    PoolingGeometry g = poolingGeometry(a, x, op);
    int[] out = poolOutput(x, g);
    if (op.equals("MaxPool")) {
      if (node.getOutputCount() > 1 && consumers.getOrDefault(node.getOutput(1), 0) > 0) {
        throw new UncertifiableModelException(
            name, op, "no finite Lipschitz constant: MaxPool's Indices output jumps");
      }
      int index = coreInput(x, Shape.of(g.channels(), g.inputHeight(), g.inputWidth()), name);
      return add(name, new MaxPool(op, g), out, index);
    }
    boolean includePad = a.getInt("count_include_pad", 0) == 1;
    return affine(name, op, new AveragePool(g, includePad), null, out, x);
  }

  private Value globalMaxPool(String name, String op, Dyn x) {
    int[] spatial = spatialInput(x, op);
    int channels = x.dims()[1];
    int h = spatial.length == 1 ? 1 : spatial[0];
    int w = spatial[spatial.length - 1];
    PoolingGeometry g = new PoolingGeometry(channels, h, w, h, w, 1, 1, 1, 1, 0, 0, 0, 0, false);
    int[] out = spatial.length == 1 ? new int[] {1, channels, 1} : new int[] {1, channels, 1, 1};
    int index = coreInput(x, Shape.of(channels, h, w), name);
    return add(name, new MaxPool(op, g), out, index);
  }

  private static int[] spatialAxes(int[] dims) {
    int[] axes = new int[Math.max(0, dims.length - 2)];
    for (int k = 0; k < axes.length; k++) {
      axes[k] = k + 2;
    }
    return axes;
  }

  private Value mean(String name, String op, Dyn x, int[] axes, boolean keep) {
    int[] d = x.dims();
    boolean[] reduced = new boolean[d.length];
    int[] kept = d.clone();
    for (int axis : axes) {
      reduced[axis] = true;
      kept[axis] = 1;
    }
    int[] out = keep ? kept : Shapes.remove(d, reduced);
    if (axes.length == 0) {
      return reshape(name, op, x, out);
    }
    return affine(name, op, new AxisMean(d, axes), null, out, x);
  }

  private Value reduceMean(String name, String op, NodeAttributes a, Tensor[] tensors, Dyn x) {
    long[] list = ConstantFolding.axes(a, tensors, opset, 18);
    int rank = x.dims().length;
    int[] axes;
    if (list == null || list.length == 0) {
      if (a.getInt("noop_with_empty_axes", 0) == 1) {
        return x;
      }
      axes = Selection.range(rank);
    } else {
      Set<Integer> seen = new HashSet<>();
      axes = new int[list.length];
      for (int j = 0; j < list.length; j++) {
        axes[j] = Shapes.axis(list[j], rank, name);
        if (!seen.add(axes[j])) {
          throw new InvalidModelException("axis " + axes[j] + " is listed twice");
        }
      }
    }
    return mean(name, op, x, axes, a.getInt("keepdims", 1) == 1);
  }

  // ---------------------------------------------------------------- data movement

  private Value concat(String name, String op, NodeAttributes a, Value[] in) {
    int rank = -1;
    List<Dyn> dynamic = new ArrayList<>();
    int[][] dims = new int[in.length][];
    for (int k = 0; k < in.length; k++) {
      dims[k] = in[k] instanceof Dyn d ? d.dims() : ((Const) in[k]).tensor().dims();
      rank = dims[k].length;
      if (in[k] instanceof Dyn d) {
        dynamic.add(d);
      }
    }
    int axis = Shapes.axis(a.getInt("axis", 0), rank, name);
    Selection all = Selection.concat(dims, axis, name);
    // The input-dependent parts, joined by a core Concat when there are several.
    Dyn joined;
    int[] offsets = new int[in.length];
    if (dynamic.size() == 1) {
      joined = dynamic.get(0);
    } else {
      int[][] dd = new int[dynamic.size()][];
      Shape[] shapes = new Shape[dynamic.size()];
      int[] inputs = new int[dynamic.size()];
      for (int k = 0; k < dd.length; k++) {
        dd[k] = dynamic.get(k).dims();
        shapes[k] = Shape.of(dd[k]);
        inputs[k] = coreInput(dynamic.get(k), shapes[k], name);
      }
      int[] joinedDims = Selection.concat(dd, axis, name).dims();
      Concat concat = new Concat(op, axis, shapes);
      String joinName = dynamic.size() == in.length ? name : name + "/inputs";
      joined = add(joinName, concat, joinedDims, inputs);
      if (dynamic.size() == in.length) {
        return joined;
      }
    }
    // Embed the joined parts among the constants: a selection plus a bias.
    int outer = Shapes.product(all.dims(), 0, axis);
    int inner = Shapes.product(all.dims(), axis + 1, rank);
    int joinedLength = joined.dims()[axis];
    int[] base = new int[in.length];
    int b = 0;
    int dynamicOffset = 0;
    for (int k = 0; k < in.length; k++) {
      base[k] = b;
      b += Shapes.size(dims[k]);
      offsets[k] = dynamicOffset;
      if (in[k] instanceof Dyn) {
        dynamicOffset += dims[k][axis];
      }
    }
    int[] source = all.source().clone();
    double[] bias = new double[source.length];
    for (int o = 0; o < source.length; o++) {
      int s = source[o];
      int k = 0;
      while (k + 1 < in.length && base[k + 1] <= s) {
        k++;
      }
      int p = s - base[k];
      if (in[k] instanceof Const c) {
        c.tensor().requireFinite("a constant of node '" + name + "'");
        bias[o] = c.tensor().values()[p];
        source[o] = -1;
      } else {
        int a0 = dims[k][axis];
        int i = p / (a0 * inner);
        int rem = p % (a0 * inner);
        int j = rem / inner;
        int l = rem % inner;
        source[o] = (i * joinedLength + offsets[k] + j) * inner + l;
      }
    }
    assert outer >= 1;
    return affine(
        name,
        op,
        new ScaledSelection(Shapes.size(joined.dims()), source, null, "selection"),
        bias,
        all.dims(),
        joined);
  }

  private Value gather(String name, String op, NodeAttributes a, Value[] in, Dyn x) {
    if (in[1] instanceof Dyn) {
      throw new UncertifiableModelException(
          name,
          op,
          "no finite Lipschitz constant: indices computed from the input select discontinuously");
    }
    if (!(in[0] instanceof Dyn data)) {
      throw new InvalidModelException(
          "node '"
              + name
              + "' (Gather): its data and indices are constant, yet it reads an input-dependent"
              + " tensor as an extra input; Gather takes two inputs");
    }
    Tensor indices = ((Const) in[1]).tensor();
    int axis = Shapes.axis(a.getInt("axis", 0), data.dims().length, name);
    Selection s = Selection.gather(data.dims(), axis, indices.ints(), indices.dims(), name);
    return selection(name, op, data, s, "selection");
  }

  private void split(
      NodeProto node, String name, String op, NodeAttributes a, Tensor[] tensors, Dyn x) {
    int axis = Shapes.axis(a.getInt("axis", 0), x.dims().length, name);
    int outputs = node.getOutputCount();
    int[] parts = ConstantFolding.splitLengths(name, a, tensors, opset, x.dims()[axis], outputs);
    long start = 0;
    for (int k = 0; k < outputs; k++) {
      Selection s =
          Selection.slice(
              x.dims(),
              new long[] {start},
              new long[] {start + parts[k]},
              new long[] {axis},
              null,
              name);
      start += parts[k];
      if (node.getOutput(k).isEmpty() || consumers.getOrDefault(node.getOutput(k), 0) == 0) {
        continue;
      }
      define(node, k, selection(k == 0 ? name : name + ":" + k, op, x, s, "selection"));
    }
  }

  // ---------------------------------------------------------------- activations

  private Value selu(String name, String op, NodeAttributes a, Dyn x) {
    double alpha = a.getFloat("alpha", Activation.SELU_ALPHA);
    double gamma = a.getFloat("gamma", Activation.SELU_LAMBDA);
    if (Math.abs(alpha / Activation.SELU_ALPHA - 1) > 1e-6
        || Math.abs(gamma / Activation.SELU_LAMBDA - 1) > 1e-6) {
      throw new InvalidModelException(
          "Selu with alpha = "
              + alpha
              + ", gamma = "
              + gamma
              + " is not supported (only the standard constants)");
    }
    return activation(name, op, Activation.of(ActivationKind.SELU), x);
  }

  private Value gelu(String name, String op, NodeAttributes a, Dyn x) {
    String approximate = a.getString("approximate", "none");
    ActivationKind kind =
        switch (approximate) {
          case "none" -> ActivationKind.GELU;
          case "tanh" -> ActivationKind.GELU_TANH;
          default -> throw new InvalidModelException("unknown approximate '" + approximate + "'");
        };
    return activation(name, op, Activation.of(kind), x);
  }

  private Value clip(
      String name, String op, NodeAttributes a, Value[] in, Tensor[] tensors, Dyn x) {
    for (int k = 1; k < in.length; k++) {
      if (in[k] instanceof Dyn) {
        throw new InvalidModelException("Clip bounds computed from the input are not supported");
      }
    }
    double[] bounds = ConstantFolding.clipBounds(a, tensors, opset);
    double lo = Math.max(bounds[0], -Double.MAX_VALUE);
    double hi = Math.min(bounds[1], Double.MAX_VALUE);
    if (Double.isNaN(lo) || Double.isNaN(hi)) {
      throw new InvalidModelException("Clip bounds must not be NaN");
    }
    return activation(name, op, Activation.clip(lo, hi), x);
  }

  private Value prelu(String name, String op, Value[] in, Dyn x) {
    Tensor slope = ((Const) in[1]).tensor();
    slope.requireFinite("the slope of node '" + name + "'");
    int[] out = Shapes.broadcast(name, x.dims(), slope.dims());
    if (!Arrays.equals(out, x.dims())) {
      throw new InvalidModelException(
          "the slope "
              + Arrays.toString(slope.dims())
              + " does not broadcast to the input "
              + Arrays.toString(x.dims()));
    }
    return add(name, new PRelu(op, Shapes.broadcastValues(slope, x.dims())), x.dims(), x.index());
  }

  private Value softmax(String name, String op, NodeAttributes a, Dyn x) {
    int[] d = x.dims();
    int rank = d.length;
    int axis = Shapes.axis(a.getInt("axis", opset < 13 ? 1 : -1), Math.max(rank, 1), name);
    boolean log = op.equals("LogSoftmax");
    boolean perAxis = opset >= 13 || Shapes.product(d, axis + 1, rank) == 1;
    Shape core = Shapes.core(d);
    int coreAxis = axis - (rank - core.rank());
    if (perAxis && coreAxis >= 0 && coreAxis < core.rank() && core.dim(coreAxis) == d[axis]) {
      return add(name, new Softmax(op, log, core, coreAxis), d, x.index());
    }
    Shape shape;
    if (opset < 13) {
      // coerced to 2-D: [d_0 ⋯ d_{axis−1}, d_axis ⋯ d_{r−1}], softmax along the second axis
      shape = Shape.of(Shapes.product(d, 0, axis), Shapes.product(d, axis, rank));
    } else {
      shape = Shape.of(Shapes.product(d, 0, axis), d[axis], Shapes.product(d, axis + 1, rank));
    }
    int index = coreInput(x, shape, name);
    return add(name, new Softmax(op, log, shape, 1), d, index);
  }
}
