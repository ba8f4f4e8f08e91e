package org.lipcert.io.onnx;

import static org.lipcert.io.onnx.OnnxFixtures.floats;
import static org.lipcert.io.onnx.OnnxFixtures.integer;
import static org.lipcert.io.onnx.OnnxFixtures.ints;
import static org.lipcert.io.onnx.OnnxFixtures.longs;
import static org.lipcert.io.onnx.OnnxFixtures.real;
import static org.lipcert.io.onnx.OnnxFixtures.value;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.List;
import org.lipcert.io.FuzzContract;
import org.lipcert.io.onnx.proto.AttributeProto;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.NodeProto;

/**
 * Fuzzes the graph builder ({@link GraphTranslator}) with structurally valid ONNX files: random
 * chains and DAGs of the supported operators, with random initializer shapes and values and random
 * attributes, so that the fuzzer exercises shape inference, constant folding and operator
 * translation rather than the protobuf decoder. Regression inputs: {@code
 * src/test/resources/org/lipcert/io/onnx/GraphTranslatorFuzzTestInputs}.
 */
class GraphTranslatorFuzzTest {

  private static final String[] OPS = {
    "Gemm",
    "MatMul",
    "Add",
    "Sub",
    "Mul",
    "Div",
    "Relu",
    "LeakyRelu",
    "Sigmoid",
    "Tanh",
    "Softmax",
    "LogSoftmax",
    "Conv",
    "ConvTranspose",
    "BatchNormalization",
    "MaxPool",
    "AveragePool",
    "GlobalAveragePool",
    "Flatten",
    "Reshape",
    "Transpose",
    "Concat",
    "Identity",
    "Clip",
    "Gelu",
    "Pad",
    "Slice",
    "Squeeze",
    "Unsqueeze",
    "Dropout",
    "PRelu",
    "ReduceMean",
    "Sum",
    "Neg",
    "Sqrt",
    "Abs",
    "Elu",
    "Softplus",
    "HardSigmoid",
    "Constant",
    "Shape",
    "Gather"
  };

  private static final String[] INT_ATTRIBUTES = {
    "kernel_shape", "pads", "strides", "dilations", "perm", "axes", "output_padding"
  };

  private static final OnnxModelReader READER =
      new OnnxModelReader(OnnxReadLimits.defaults().withMaxTensorElements(1 << 16));

  @FuzzTest(maxDuration = "5m")
  void translatesOrRefuses(FuzzedDataProvider data) {
    byte[] model = randomModel(data);
    FuzzContract.check(() -> READER.read(model));
  }

  /** Builds a model from the fuzzer's choices. */
  static byte[] randomModel(FuzzedDataProvider data) {
    int opset = data.pickValue(new int[] {9, 11, 13, 17, 20});
    GraphProto.Builder graph = GraphProto.newBuilder().setName("fuzz");
    List<String> tensors = new ArrayList<>();
    if (data.consumeBoolean()) {
      graph.addInput(value("x", 1, data.consumeInt(1, 8)));
    } else {
      graph.addInput(
          value("x", 1, data.consumeInt(1, 4), data.consumeInt(1, 7), data.consumeInt(1, 7)));
    }
    tensors.add("x");
    int nodes = data.consumeInt(1, 8);
    int constants = 0;
    for (int k = 0; k < nodes; k++) {
      String op = data.pickValue(OPS);
      NodeProto.Builder node = NodeProto.newBuilder().setOpType(op).setName("n" + k);
      int inputs = data.consumeInt(0, 3);
      for (int i = 0; i < inputs; i++) {
        int choice = data.consumeInt(0, 3);
        if (choice == 0 || tensors.isEmpty()) {
          String name = "c" + constants++;
          if (data.consumeBoolean()) {
            long[] values = new long[data.consumeInt(0, 4)];
            for (int v = 0; v < values.length; v++) {
              values[v] = data.consumeLong(-3, 8);
            }
            graph.addInitializer(longs(name, values));
          } else {
            int[] dims = new int[data.consumeInt(0, 4)];
            int size = 1;
            for (int d = 0; d < dims.length; d++) {
              dims[d] = data.consumeInt(1, 5);
              size *= dims[d];
            }
            double[] values = new double[size];
            for (int v = 0; v < size; v++) {
              values[v] = data.consumeRegularDouble(-4, 4);
            }
            graph.addInitializer(floats(name, dims, values));
          }
          node.addInput(name);
        } else if (choice == 1) {
          node.addInput("");
        } else {
          node.addInput(tensors.get(data.consumeInt(0, tensors.size() - 1)));
        }
      }
      int attributes = data.consumeInt(0, 3);
      for (int a = 0; a < attributes; a++) {
        node.addAttribute(randomAttribute(data));
      }
      String output = "t" + k;
      node.addOutput(output);
      graph.addNode(node);
      tensors.add(output);
    }
    graph.addOutput(value(tensors.get(tensors.size() - 1)));
    return OnnxFixtures.bytes(opset, graph.build());
  }

  private static AttributeProto randomAttribute(FuzzedDataProvider data) {
    switch (data.consumeInt(0, 4)) {
      case 0 -> {
        long[] values = new long[data.consumeInt(0, 4)];
        for (int i = 0; i < values.length; i++) {
          values[i] = data.consumeLong(-2, 5);
        }
        return ints(data.pickValue(INT_ATTRIBUTES), values);
      }
      case 1 -> {
        return integer(
            data.pickValue(new String[] {"group", "axis", "transA", "transB", "keepdims"}),
            data.consumeLong(-3, 4));
      }
      case 2 -> {
        return real(
            data.pickValue(new String[] {"alpha", "beta", "epsilon", "min", "max", "momentum"}),
            data.consumeRegularDouble(-2, 2));
      }
      case 3 -> {
        return OnnxFixtures.string(
            data.pickValue(new String[] {"auto_pad", "mode", "approximate"}),
            data.pickValue(new String[] {"NOTSET", "SAME_UPPER", "VALID", "constant", "tanh"}));
      }
      default -> {
        return OnnxFixtures.tensor("value", floats("v", new int[] {2}, 1.5, -0.5));
      }
    }
  }
}
