package org.lipcert.cli;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.lipcert.core.bound.WitnessSearch;
import org.lipcert.core.certify.BoundMethod;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.spectral.SpectralOptions;
import org.lipcert.core.spectral.UpperBoundMethod;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * The options that determine a certificate's numbers, shared by {@code certify} and {@code gate}.
 * Defaults are the core's ({@link CertificationOptions#defaults()}); the report lists the values
 * used, so a certificate can be reproduced with the same options.
 */
final class CertificationOptionsMixin {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--norm",
      paramLabel = "NORM",
      defaultValue = "2",
      description =
          "Norm of the Lipschitz constant, the same on input and output: 2 (l2), 1 (l1: layers"
              + " by their largest absolute column sum) or inf (l-infinity: largest absolute row"
              + " sum). Default: ${DEFAULT-VALUE}.")
  private String norm;

  @Option(
      names = "--tolerance",
      paramLabel = "T",
      description =
          "Requested relative width upper/lower - 1 of each layer's bracket, in (0, 1)."
              + " Default: ${DEFAULT-VALUE}.")
  private double tolerance = SpectralOptions.DEFAULT_TOLERANCE;

  @Option(
      names = "--max-iterations",
      paramLabel = "N",
      description = "Cap on power iterations per layer. Default: ${DEFAULT-VALUE}.")
  private int maxIterations = SpectralOptions.DEFAULT_MAX_ITERATIONS;

  @Option(
      names = "--seed",
      paramLabel = "S",
      description =
          "Seed of every random choice; same model and options give the same numbers."
              + " Default: ${DEFAULT-VALUE}.")
  private long seed = 0L;

  @Option(
      names = "--exact-svd-max-dimension",
      paramLabel = "N",
      description =
          "Layers with min(rows, columns) up to N get their witness from a full SVD;"
              + " 0 disables it. Default: ${DEFAULT-VALUE}.")
  private int exactSvdMaxDimension = SpectralOptions.DEFAULT_EXACT_SVD_MAX_DIMENSION;

  @Option(
      names = "--materialize-max-dimension",
      paramLabel = "N",
      description =
          "Structured layers (convolutions, pooling) whose input and output sizes are both at"
              + " most N are materialised as a matrix and bracketed like a dense layer, much"
              + " more tightly; 0 disables it. The matrix takes 8 bytes per entry."
              + " Default: ${DEFAULT-VALUE}.")
  private int materializeMaxDimension = SpectralOptions.DEFAULT_MATERIALIZE_MAX_DIMENSION;

  @Option(
      names = "--upper-bound-method",
      paramLabel = "METHOD",
      defaultValue = "auto",
      converter = UpperBoundMethodConverter.class,
      description =
          "How dense layers are certified: auto, cholesky, gram or frobenius."
              + " Default: ${DEFAULT-VALUE}.")
  private UpperBoundMethod upperBoundMethod;

  @Option(
      names = "--bound",
      paramLabel = "METHOD",
      defaultValue = "auto",
      converter = BoundMethodConverter.class,
      description =
          "Network bounds to compute: auto (all; the smallest is the certificate), or naive,"
              + " merged, cp, sdp for that one besides the naive product. Default: ${DEFAULT-VALUE}.")
  private BoundMethod bound;

  @Option(
      names = "--witness-samples",
      paramLabel = "N",
      description =
          "The least number of random points the network's lower-bound witness search tries;"
              + " its work budgets scale with it (fewer: faster, a weaker lower bound)."
              + " Default: ${DEFAULT-VALUE}.")
  private int witnessSamples = WitnessSearch.Options.DEFAULT_SAMPLES;

  @Option(
      names = "--time-budget-millis",
      paramLabel = "MS",
      description =
          "Time budget of the certification in milliseconds, 0 for none: when it runs out, layers"
              + " not yet converged are reported unconverged and remaining network bounds are"
              + " skipped; every upper bound stays certified. Default: ${DEFAULT-VALUE}.")
  private long timeBudgetMillis = 0;

  @Option(
      names = "--input-shape",
      paramLabel = "DIMS",
      description =
          "ONNX models only: the input's dimensions, comma-separated, without the batch axis"
              + " (a leading batch size of 1 is accepted too), e.g. 3,32,32. Needed when the"
              + " model declares symbolic dimensions besides the batch; dimensions the model"
              + " fixes must agree. Default: the declared shape, a symbolic batch size being 1.")
  private String inputShape;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "Threads that bracket layers in parallel; the numbers do not depend on it."
              + " Default: the number of processors (${DEFAULT-VALUE}).")
  private int threads = Runtime.getRuntime().availableProcessors();

  @Option(
      names = "--no-progress",
      negatable = false,
      description =
          "Never draw the progress bar. By default a bar appears on standard error when it is a"
              + " terminal and the certification takes more than a second.")
  private boolean noProgress;

  /** Returns whether a progress bar may be drawn. */
  boolean progress() {
    return !noProgress;
  }

  /** Returns the number of threads to certify with, validated by {@link #toOptions(Double)}. */
  int threads() {
    return threads;
  }

  /**
   * Returns the input shape given with {@code --input-shape}.
   *
   * @return the dimensions, or {@code null} when the option is absent (the model's declared shape)
   * @throws ParameterException if the value is not a list of positive integers; the message names
   *     the option
   */
  int[] inputShape() {
    if (inputShape == null) {
      return null;
    }
    String value = inputShape.strip();
    String[] parts = value.split(",", -1);
    int[] dims = new int[parts.length];
    for (int k = 0; k < parts.length; k++) {
      String part = parts[k].strip();
      try {
        dims[k] = part.chars().allMatch(c -> c >= '0' && c <= '9') ? Integer.parseInt(part) : 0;
      } catch (NumberFormatException e) {
        dims[k] = 0; // empty, or beyond the int range
      }
      require(
          dims[k] >= 1,
          "--input-shape must be comma-separated positive integers, the input's dimensions"
              + " without the batch axis, such as 3,32,32; got '"
              + value
              + "'");
    }
    return dims;
  }

  /**
   * Returns the core options these command-line values stand for.
   *
   * @param maxLipschitz the gate threshold, or {@code null}
   * @return the options
   * @throws ParameterException if a value is out of range; the message names the option
   */
  CertificationOptions toOptions(Double maxLipschitz) {
    require(tolerance > 0 && tolerance < 1, "--tolerance must lie in (0, 1), got " + tolerance);
    require(maxIterations >= 1, "--max-iterations must be at least 1, got " + maxIterations);
    require(
        exactSvdMaxDimension >= 0,
        "--exact-svd-max-dimension must not be negative, got " + exactSvdMaxDimension);
    require(
        materializeMaxDimension >= 0,
        "--materialize-max-dimension must not be negative, got " + materializeMaxDimension);
    require(witnessSamples >= 1, "--witness-samples must be at least 1, got " + witnessSamples);
    require(threads >= 1, "--threads must be at least 1, got " + threads);
    require(
        maxLipschitz == null || (maxLipschitz >= 0 && Double.isFinite(maxLipschitz)),
        "--max-lipschitz must be a finite number >= 0, got " + maxLipschitz);
    Norm parsedNorm;
    try {
      parsedNorm = Norm.fromId(norm);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--norm: " + e.getMessage());
    }
    try {
      return new CertificationOptions(
          parsedNorm,
          tolerance,
          maxIterations,
          seed,
          exactSvdMaxDimension,
          upperBoundMethod,
          witnessSamples,
          maxLipschitz,
          materializeMaxDimension,
          bound,
          timeBudgetMillis);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "invalid option: " + e.getMessage());
    }
  }

  private void require(boolean condition, String message) {
    if (!condition) {
      throw new ParameterException(spec.commandLine(), message);
    }
  }

  /** Reads {@code auto}, {@code naive}, {@code merged}, {@code cp}, {@code sdp}, any case. */
  static final class BoundMethodConverter implements ITypeConverter<BoundMethod> {

    @Override
    public BoundMethod convert(String value) {
      try {
        return BoundMethod.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "expected one of auto, naive, merged, cp, sdp but was '" + value + "'");
      }
    }
  }

  /** Reads {@code auto}, {@code cholesky}, {@code gram}, {@code frobenius}, any case. */
  static final class UpperBoundMethodConverter implements ITypeConverter<UpperBoundMethod> {

    @Override
    public UpperBoundMethod convert(String value) {
      for (UpperBoundMethod method : UpperBoundMethod.values()) {
        if (method.name().equalsIgnoreCase(value)) {
          return method;
        }
      }
      throw new TypeConversionException(
          "expected one of "
              + Arrays.stream(UpperBoundMethod.values())
                  .map(m -> m.name().toLowerCase(Locale.ROOT))
                  .collect(Collectors.joining(", "))
              + " but was '"
              + value
              + "'");
    }
  }
}
