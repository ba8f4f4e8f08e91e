package org.lipcert.cli;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import org.lipcert.io.report.OutputFormat;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Where the report goes: {@code --output FILE} instead of standard output. The {@code --format}
 * option is declared by each command, whose default differs ({@code json} for {@code certify},
 * {@code text} for {@code gate}).
 */
final class ReportOptionsMixin {

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "Write the report to FILE (replacing it) instead of standard output.")
  private Path output;

  /** Returns the file to write the report to, or {@code null} for standard output. */
  Path output() {
    return output;
  }

  /** The identifiers of every {@link OutputFormat}, for {@code ${COMPLETION-CANDIDATES}}. */
  static final class OutputFormatCandidates implements Iterable<String> {

    @Override
    public Iterator<String> iterator() {
      return Arrays.stream(OutputFormat.values()).map(OutputFormat::id).iterator();
    }
  }

  /** Reads an {@link OutputFormat} from its identifier, any case. */
  static final class OutputFormatConverter implements ITypeConverter<OutputFormat> {

    @Override
    public OutputFormat convert(String value) {
      try {
        return OutputFormat.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "expected one of " + OutputFormat.ids() + " but was '" + value + "'");
      }
    }
  }
}
