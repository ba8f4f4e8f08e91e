package org.lipcert.io;

/** The model formats LipCert reads, as told from the first bytes of the content. */
public enum ModelFormat {
  /** LipCert's JSON format {@code lipcert/v1}: the first non-blank byte is <code>{</code>. */
  JSON,
  /**
   * ONNX: a protobuf {@code ModelProto}, whose first byte is the tag of one of its fields —
   * exporters write {@code ir_version} (field 1, varint: {@code 0x08}) first, but any field may
   * lead.
   */
  ONNX,
  /** Anything else. */
  UNKNOWN;

  /**
   * The protobuf tags ({@code field << 3 | wire type}) of the {@code ModelProto} fields that fit in
   * one byte: ir_version 1, producer_name 2, producer_version 3, domain 4, model_version 5,
   * doc_string 6, graph 7, opset_import 8, metadata_props 14.
   */
  private static final int[] MODEL_PROTO_TAGS = {
    0x08, 0x12, 0x1a, 0x22, 0x28, 0x32, 0x3a, 0x42, 0x72
  };

  /**
   * Sniffs the format.
   *
   * @param bytes the content; not modified
   * @return the format
   */
  public static ModelFormat detect(byte[] bytes) {
    if (bytes.length > 0) {
      int first = bytes[0] & 0xFF;
      for (int tag : MODEL_PROTO_TAGS) {
        if (first == tag) {
          return ONNX;
        }
      }
    }
    int i = 0;
    if (bytes.length >= 3
        && (bytes[0] & 0xFF) == 0xEF
        && (bytes[1] & 0xFF) == 0xBB
        && (bytes[2] & 0xFF) == 0xBF) {
      i = 3; // UTF-8 byte order mark
    }
    while (i < bytes.length
        && (bytes[i] == ' ' || bytes[i] == '\n' || bytes[i] == '\r' || bytes[i] == '\t')) {
      i++;
    }
    return i < bytes.length && bytes[i] == '{' ? JSON : UNKNOWN;
  }
}
