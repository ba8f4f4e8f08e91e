package org.lipcert.io.onnx;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.WeightChange;
import org.lipcert.io.onnx.proto.GraphProto;
import org.lipcert.io.onnx.proto.ModelProto;
import org.lipcert.io.onnx.proto.TensorProto;

/**
 * Writes a projected ONNX model: the uploaded {@code ModelProto} with the initializers of the
 * changed layers rewritten ({@link TensorRewriter}) and everything else — graph, node and tensor
 * names, opset imports, IR version, producer, metadata, doc strings — copied unchanged.
 *
 * <p>Each changed layer must have its weights in one initializer ({@link WeightSource}); a layer
 * whose weights the graph computes (a transposed or reshaped constant, a {@code Constant} node) is
 * refused with its name. Layers sharing one initializer get the stronger of their changes.
 */
public final class OnnxProjector {

  private final OnnxModelReader reader;

  /**
   * Creates a projector.
   *
   * @param limits the read limits of the uploaded model
   */
  public OnnxProjector(OnnxReadLimits limits) {
    this.reader = new OnnxModelReader(limits);
  }

  /**
   * Returns the model with changed weights.
   *
   * @param bytes the uploaded model
   * @param inputShape the input shape it was certified with, or {@code null}
   * @param changes the changes of the layers' weights, by core layer name
   * @return the bytes of the new model
   * @throws Projection.ProjectionException if a changed layer's weights are not stored in one
   *     floating-point initializer
   */
  public byte[] write(byte[] bytes, int[] inputShape, Map<String, WeightChange> changes) {
    ModelProto model = reader.parse(bytes);
    Map<String, WeightSource> sources = reader.translate(bytes, model, inputShape).weightSources();
    Map<String, WeightChange> byInitializer = new LinkedHashMap<>();
    changes.forEach(
        (layer, change) -> {
          WeightSource source = sources.get(layer);
          if (source == null) {
            throw new Projection.ProjectionException(
                "layer '"
                    + layer
                    + "' cannot be changed in the file: its weights are computed by the graph"
                    + " (a Constant node, or a transposed or reshaped initializer), not stored in"
                    + " one initializer");
          }
          WeightChange stored;
          if (change instanceof WeightChange.Clip && !source.clippable()) {
            throw new Projection.ProjectionException(
                "layer '" + layer + "' has no weight tensor to clip");
          }
          stored = change.forStored(source.clippable() ? source.multiplier() : 1);
          byInitializer.merge(source.initializer(), stored, WeightChange::stronger);
        });
    GraphProto.Builder graph = model.getGraph().toBuilder();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < graph.getInitializerCount(); i++) {
      index.put(graph.getInitializer(i).getName(), i); // the last one wins, as when reading
    }
    byInitializer.forEach(
        (name, change) -> {
          int i = index.get(name);
          TensorProto rewritten = TensorRewriter.rewrite(graph.getInitializer(i), change);
          graph.setInitializer(i, rewritten);
        });
    return model.toBuilder().setGraph(graph).build().toByteArray();
  }
}
