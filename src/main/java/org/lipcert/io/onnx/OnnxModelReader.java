package org.lipcert.io.onnx;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.ExtensionRegistryLite;
import com.google.protobuf.UnsafeByteOperations;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.MalformedModelException;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.graph.Graph;
import org.lipcert.io.onnx.proto.ModelProto;
import org.lipcert.io.onnx.proto.OperatorSetIdProto;

/**
 * Reads an ONNX model ({@code ModelProto}, IR 3–10, opsets 7–21) into a {@link LoadedModel}.
 *
 * <p>The bytes are parsed with {@link CodedInputStream} under {@link OnnxReadLimits}: a size limit,
 * and a recursion limit so that deeply nested graph attributes are refused rather than overflowing
 * the stack. Byte fields alias the uploaded array instead of copying it. The graph is then
 * translated by {@link GraphTranslator}.
 *
 * <p>Errors: {@link MalformedModelException} when the bytes are not a protobuf {@code ModelProto}
 * (truncated, random, too deeply nested); {@link InvalidModelException} when the model is
 * inconsistent (shapes, tensor sizes, external data, NaN weights); {@link
 * org.lipcert.core.UncertifiableModelException} when it contains an operation without a useful
 * Lipschitz constant, or operators LipCert does not know.
 */
public final class OnnxModelReader {

  /** The format reported for ONNX models. */
  public static final String FORMAT = "onnx";

  private final OnnxReadLimits limits;

  /**
   * Creates a reader.
   *
   * @param limits the read limits
   */
  public OnnxModelReader(OnnxReadLimits limits) {
    this.limits = limits;
  }

  /**
   * Reads a model, with the input shape declared in the file (a symbolic batch size becomes 1).
   *
   * @param bytes the file's content
   * @return the model
   */
  public LoadedModel read(byte[] bytes) {
    return read(bytes, null);
  }

  /**
   * Reads a model with a given input shape.
   *
   * @param bytes the file's content
   * @param inputShape the input's dimensions, with or without the leading batch axis ({@code [3,
   *     32, 32]} and {@code [1, 3, 32, 32]} are the same for an input declared {@code [N, 3, H,
   *     W]}), or {@code null} to use the declared shape; dimensions the file fixes must agree
   * @return the model; its name is the graph's name, else the producer's
   * @throws MalformedModelException if the bytes are not an ONNX model
   * @throws InvalidModelException if the model is inconsistent or unsupported
   * @throws org.lipcert.core.UncertifiableModelException if it has no useful Lipschitz constant
   */
  public LoadedModel read(byte[] bytes, int[] inputShape) {
    return translate(bytes, parse(bytes), inputShape).model();
  }

  /** A translated model with the initializers that store its layers' weights. */
  record Translated(LoadedModel model, Map<String, WeightSource> weightSources) {}

  /** Translates a parsed model. */
  Translated translate(byte[] bytes, ModelProto model, int[] inputShape) {
    if (!model.hasGraph()) {
      throw new InvalidModelException(
          "the ONNX model has no graph (is this an ONNX ModelProto file?)");
    }
    int opset = opset(model);
    GraphTranslator translator = new GraphTranslator(model.getGraph(), opset, limits, inputShape);
    Graph graph = translator.translate();
    String name =
        !model.getGraph().getName().isEmpty()
            ? model.getGraph().getName()
            : !model.getProducerName().isEmpty() ? model.getProducerName() : "onnx-model";
    return new Translated(
        new LoadedModel(FORMAT, name, sha256(bytes), graph), translator.weightSources());
  }

  /** Parses the bytes of a {@code ModelProto} within the limits. */
  ModelProto parse(byte[] bytes) {
    if (bytes.length == 0) {
      throw new MalformedModelException("the model is empty", null);
    }
    if (bytes.length > limits.maxModelBytes()) {
      throw new InvalidModelException(
          "the model has "
              + bytes.length
              + " bytes, more than the limit of "
              + limits.maxModelBytes());
    }
    try {
      // the tensors' raw_data alias the upload instead of copying it (a 100 MB model would
      // otherwise take 200 MB before decoding); nothing writes to the bytes after they arrive
      CodedInputStream input = UnsafeByteOperations.unsafeWrap(bytes).newCodedInput();
      input.enableAliasing(true);
      input.setRecursionLimit(limits.maxNestingDepth());
      input.setSizeLimit((int) Math.min(Integer.MAX_VALUE, limits.maxModelBytes()));
      ModelProto model = ModelProto.parseFrom(input, ExtensionRegistryLite.getEmptyRegistry());
      input.checkLastTagWas(0);
      return model;
    } catch (IOException e) {
      throw new MalformedModelException(
          "the file is not a valid ONNX model (truncated or corrupt protobuf: "
              + e.getMessage()
              + ")",
          e);
    }
  }

  /** Returns the version of the standard ONNX operator set the model imports. */
  private static int opset(ModelProto model) {
    long version = 0;
    for (OperatorSetIdProto set : model.getOpsetImportList()) {
      if (OnnxOperators.STANDARD_DOMAINS.contains(set.getDomain())) {
        version = Math.max(version, set.getVersion());
      }
    }
    if (version == 0) {
      return 1; // IR 1–2 files import no operator set: the first one
    }
    if (version > 100) {
      throw new InvalidModelException("opset " + version + " is not a valid ONNX opset");
    }
    return (int) version;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform", e);
    }
  }
}
