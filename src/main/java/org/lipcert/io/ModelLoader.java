package org.lipcert.io;

import org.lipcert.core.MalformedModelException;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.io.json.JsonModelReader;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.OnnxModelReader;
import org.lipcert.io.onnx.OnnxReadLimits;

/**
 * Reads a model from its bytes, telling the format from the content ({@link ModelFormat}): a
 * document whose first non-blank byte is <code>{</code> is LipCert JSON, a protobuf {@code
 * ModelProto} is ONNX. Used by the REST API and the CLI alike.
 */
public final class ModelLoader {

  private final JsonModelReader jsonReader;
  private final OnnxModelReader onnxReader;

  /**
   * Creates a loader whose ONNX file limit is the JSON document limit.
   *
   * @param jsonLimits read limits for JSON documents
   */
  public ModelLoader(JsonReadLimits jsonLimits) {
    this(
        jsonLimits,
        OnnxReadLimits.defaults().withMaxModelBytes(Math.max(1, jsonLimits.maxDocumentBytes())));
  }

  /**
   * Creates a loader.
   *
   * @param jsonLimits read limits for JSON documents
   * @param onnxLimits read limits for ONNX files
   */
  public ModelLoader(JsonReadLimits jsonLimits, OnnxReadLimits onnxLimits) {
    this.jsonReader = new JsonModelReader(jsonLimits);
    this.onnxReader = new OnnxModelReader(onnxLimits);
  }

  /**
   * Reads a model.
   *
   * @param bytes the file's content
   * @return the model
   * @throws MalformedModelException if the content is empty or of no known format
   * @throws org.lipcert.core.InvalidModelException if the model is inconsistent
   * @throws org.lipcert.core.UncertifiableModelException if the model has no useful Lipschitz
   *     constant
   */
  public LoadedModel load(byte[] bytes) {
    return load(bytes, null);
  }

  /**
   * Reads a model, overriding the input shape of an ONNX model.
   *
   * @param bytes the file's content
   * @param inputShape the ONNX input's dimensions (see {@link OnnxModelReader#read(byte[],
   *     int[])}), or {@code null} for the declared ones; ignored for JSON, which declares its own
   * @return the model
   */
  public LoadedModel load(byte[] bytes, int[] inputShape) {
    return switch (ModelFormat.detect(bytes)) {
      case JSON -> jsonReader.read(bytes);
      case ONNX -> onnxReader.read(bytes, inputShape);
      case UNKNOWN ->
          throw new MalformedModelException(
              bytes.length == 0
                  ? "the model is empty"
                  : "the content is not a LipCert JSON model (it does not start with '{') nor an"
                      + " ONNX model (a protobuf ModelProto)",
              null);
    };
  }
}
