/**
 * JMH benchmarks of LipCert's hot paths (issue 8): dense power iteration and certified brackets,
 * convolution brackets, ONNX parsing, whole-model certification. Compiled only in the Maven profile
 * {@code bench} and run by {@code scripts/bench.sh}, never by the test command. Depends on {@code
 * core}, {@code io} and JMH.
 */
package org.lipcert.bench;
