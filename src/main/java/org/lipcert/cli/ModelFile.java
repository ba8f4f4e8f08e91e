package org.lipcert.cli;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads a model file named on the command line, with a clear message for each way it can fail. */
final class ModelFile {

  /** The largest file a Java array can hold; larger models are refused before reading. */
  static final long MAX_BYTES = Integer.MAX_VALUE - 8;

  private ModelFile() {}

  /**
   * Reads the whole file.
   *
   * @param path the file, as the user gave it (messages quote it as given)
   * @return its bytes
   * @throws InputException if the file does not exist, is a directory or another non-regular file,
   *     is too large, or cannot be read
   */
  static byte[] read(Path path) {
    if (!Files.exists(path)) {
      throw new InputException(path + ": no such file");
    }
    if (Files.isDirectory(path)) {
      throw new InputException(path + ": is a directory; give the path of a model file");
    }
    if (!Files.isRegularFile(path)) {
      throw new InputException(path + ": not a regular file; give the path of a model file");
    }
    try {
      long size = Files.size(path);
      if (size > MAX_BYTES) {
        throw new InputException(
            path + ": the file has " + size + " bytes, more than the " + MAX_BYTES + " readable");
      }
      return Files.readAllBytes(path);
    } catch (AccessDeniedException e) {
      throw new InputException(path + ": permission denied", e);
    } catch (IOException e) {
      throw new InputException(path + ": cannot read the file: " + e.getMessage(), e);
    }
  }
}
