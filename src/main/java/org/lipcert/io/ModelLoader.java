package org.lipcert.io;

import org.lipcert.core.MalformedModelException;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.io.json.JsonModelReader;
import org.lipcert.io.json.JsonReadLimits;

/**
 * Reads a model from its bytes, telling the format from the content: a document whose first
 * non-blank byte is <code>{</code> is LipCert JSON. Used by the REST API and the CLI alike.
 */
public final class ModelLoader {

  private final JsonModelReader jsonReader;

  /**
   * Creates a loader.
   *
   * @param jsonLimits read limits for JSON documents
   */
  public ModelLoader(JsonReadLimits jsonLimits) {
    this.jsonReader = new JsonModelReader(jsonLimits);
  }

  /**
   * Reads a model.
   *
   * @param bytes the file's content
   * @return the model
   * @throws MalformedModelException if the content is empty or of no known format
   * @throws org.lipcert.core.InvalidModelException if the model is inconsistent
   */
  public LoadedModel load(byte[] bytes) {
    return switch (ModelFormat.detect(bytes)) {
      case JSON -> jsonReader.read(bytes);
      case UNKNOWN ->
          throw new MalformedModelException(
              bytes.length == 0
                  ? "the model is empty"
                  : "the content is not a LipCert JSON model (it does not start with '{')",
              null);
    };
  }
}
