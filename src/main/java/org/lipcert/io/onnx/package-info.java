/**
 * Reads ONNX models (DESIGN §2) into a {@link org.lipcert.core.graph.Graph}.
 *
 * <p>The ONNX messages LipCert needs are declared in the project's own {@code
 * src/main/protobuf/org/lipcert/io/onnx/onnx.proto} (field numbers of the ONNX wire format) and
 * compiled at build time into {@code org.lipcert.io.onnx.proto}. {@link
 * org.lipcert.io.onnx.OnnxModelReader} parses a file under size and nesting limits; {@code
 * TensorDecoder} turns tensors (raw little-endian bytes or typed fields; float32, float64, float16,
 * bfloat16, integers) into doubles after checking their declared sizes; {@code GraphTranslator}
 * folds everything that does not depend on the input's values ({@code ConstantFolding}) and maps
 * the rest onto core operations, refusing with the reason what has no useful Lipschitz constant
 * ({@code OnnxOperators}).
 *
 * <p>Depends on {@code org.lipcert.core} and protobuf-java; nothing in {@code core} depends on it.
 */
package org.lipcert.io.onnx;
