package org.lipcert.web;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Schema;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.lipcert.core.advice.BudgetPolicy;
import org.lipcert.core.certify.BoundMethod;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.spectral.UpperBoundMethod;

/**
 * The query parameters of {@code POST /api/v1/certificates}, as sent: all optional, bound as
 * strings so that every parse or range error can name its parameter.
 *
 * @param norm the norm of the Lipschitz constant
 * @param tolerance the requested relative width of each layer's bracket
 * @param maxIterations the power-iteration cap per layer
 * @param seed the seed of every random choice
 * @param exactSvdMaxDimension the largest {@code min(m, n)} of a layer given a full-SVD witness
 * @param materializeMaxDimension the largest input and output size of a structured layer that is
 *     materialised as a matrix; 0 turns materialisation off
 * @param upperBoundMethod how dense layers are certified
 * @param bound which network bounds are computed
 * @param witnessSamples the random points tried by the network witness search
 * @param maxLipschitz the gate threshold {@code K}
 * @param timeBudgetMillis the certification's time budget in milliseconds
 * @param inputShape the input shape of an ONNX model, without the batch axis, e.g. {@code 3,32,32}
 * @param target the target constant of the suggestions
 * @param policy how the suggestions share the target among layers
 */
record CertificationParameters(
    @Parameter(
            description =
                "Norm of the Lipschitz constant, the same on input and output: 2 (ℓ2, the"
                    + " default), 1 (ℓ1: layers by their largest absolute column sum) or inf (ℓ∞:"
                    + " largest absolute row sum). ℓ1 and ℓ∞ use the naive, merged and"
                    + " Combettes–Pesquet bounds (LipSDP and the Fourier bounds are ℓ2 only);"
                    + " suggestions and projections are ℓ2 only.",
            schema =
                @Schema(
                    type = "string",
                    defaultValue = "2",
                    allowableValues = {"1", "2", "inf"}))
        String norm,
    @Parameter(
            description =
                "Requested relative width upper/lower − 1 of each layer's bracket, in (0, 1);"
                    + " power iteration stops once it is met. Default 1e-6.",
            schema =
                @Schema(
                    type = "number",
                    format = "double",
                    exclusiveMaximumValue = 1,
                    example = "1e-6"))
        String tolerance,
    @Parameter(
            description =
                "Power-iteration cap per layer. Bounds stay certified when it is reached; the"
                    + " layer is then reported with converged = false. Default 2000.",
            schema = @Schema(type = "integer", format = "int32", minimum = "1", example = "2000"))
        String maxIterations,
    @Parameter(
            description =
                "Seed of every random choice (power-iteration starts, witness points): the same"
                    + " model and options give the same numbers. Default 0.",
            schema = @Schema(type = "integer", format = "int64", example = "0"))
        String seed,
    @Parameter(
            description =
                "Layers (dense, or materialised) with min(rows, columns) up to this size get their"
                    + " lower-bound witness from a full SVD rather than power iteration; 0"
                    + " disables it. Default 256.",
            schema =
                @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "256"))
        String exactSvdMaxDimension,
    @Parameter(
            description =
                "Structured layers (convolutions, transposed convolutions, pooling) whose input"
                    + " and output sizes are both at most this are materialised as a dense"
                    + " matrix and bracketed like a dense layer, which is much tighter than the"
                    + " structured bounds; 0 turns it off. The matrix takes 8 bytes per entry"
                    + " (8 MB at 1024 × 1024). Default 1024.",
            schema =
                @Schema(type = "integer", format = "int32", minimum = "0", defaultValue = "1024"))
        String materializeMaxDimension,
    @Parameter(
            description =
                "How dense layers are certified: auto (Cholesky certificate, Gram iteration as"
                    + " fallback), cholesky, gram, or frobenius (cheapest, loosest).",
            schema =
                @Schema(
                    type = "string",
                    defaultValue = "auto",
                    allowableValues = {"auto", "cholesky", "gram", "frobenius"}))
        String upperBoundMethod,
    @Parameter(
            description =
                "Which network bounds are computed: auto (all: naive, merged linear segments,"
                    + " Combettes–Pesquet, LipSDP-Neuron; the smallest is the certificate), or"
                    + " naive, merged, cp, sdp for that one besides the naive product, which is"
                    + " always computed. Default auto.",
            schema =
                @Schema(
                    type = "string",
                    defaultValue = "auto",
                    allowableValues = {"auto", "naive", "merged", "cp", "sdp"}))
        String bound,
    @Parameter(
            description =
                "The least number of random points the network's witness search tries; the work"
                    + " budgets of its sampling, hill climbing and ascent scale with it. Default"
                    + " 24.",
            schema = @Schema(type = "integer", format = "int32", minimum = "1", example = "24"))
        String witnessSamples,
    @Parameter(
            description =
                "Gate threshold K. When given, the report has a gate whose verdict is PASS"
                    + " (certified upper bound ≤ K), FAIL (not certified) or FAIL_CERTAIN (the"
                    + " witnessed lower bound exceeds K). The response is 200 whatever the"
                    + " verdict.",
            schema = @Schema(type = "number", format = "double", minimum = "0", example = "10"))
        String maxLipschitz,
    @Parameter(
            description =
                "Time budget of the certification in milliseconds, at most the service's"
                    + " lipcert.limits.time-budget (which also applies when this is absent or 0)."
                    + " When it runs out, layers not yet converged are reported with converged ="
                    + " false and network bounds not yet computed are skipped; every upper bound"
                    + " reported is still certified, and timings.budgetExhausted is true.",
            schema = @Schema(type = "integer", format = "int64", minimum = "0", example = "30000"))
        String timeBudgetMillis,
    @Parameter(
            description =
                "ONNX models only: the input's dimensions, comma-separated, without the batch axis"
                    + " (a leading batch size of 1 is accepted too), e.g. 3,32,32. Needed when"
                    + " the model declares symbolic dimensions besides the batch (N × 3 × H × W);"
                    + " dimensions the model fixes must agree. Default: the declared shape, a"
                    + " symbolic batch size being 1. Refused for a LipCert JSON model, which"
                    + " declares its own input.shape.",
            schema =
                @Schema(
                    type = "string",
                    pattern = CertificationParameters.INPUT_SHAPE_PATTERN,
                    example = "3,32,32"))
        String inputShape,
    @Parameter(
            description =
                "Target Lipschitz constant K of the suggestions: when given, the report has"
                    + " suggestions with each weighted layer's budget (the norm it may have so that"
                    + " the network's certified bound is at most K), its spectral-normalisation"
                    + " factor, the clip threshold found for its weights and the one that holds"
                    + " for any weights of its shape.",
            schema = @Schema(type = "number", format = "double", minimum = "0", example = "1"))
        String target,
    @Parameter(
            description =
                "How the suggestions share the target: proportional (every weighted layer keeps"
                    + " the same fraction of its norm) or uniform (equal budgets). Default"
                    + " proportional.",
            schema =
                @Schema(
                    type = "string",
                    defaultValue = "proportional",
                    allowableValues = {"proportional", "uniform"}))
        String policy) {

  /** The names of the query parameters, as the API documents them. */
  static final String NORM = "norm";

  static final String TOLERANCE = "tolerance";
  static final String MAX_ITERATIONS = "maxIterations";
  static final String SEED = "seed";
  static final String EXACT_SVD_MAX_DIMENSION = "exactSvdMaxDimension";
  static final String MATERIALIZE_MAX_DIMENSION = "materializeMaxDimension";
  static final String UPPER_BOUND_METHOD = "upperBoundMethod";
  static final String BOUND = "bound";
  static final String WITNESS_SAMPLES = "witnessSamples";
  static final String MAX_LIPSCHITZ = "maxLipschitz";
  static final String TIME_BUDGET_MILLIS = "timeBudgetMillis";
  static final String INPUT_SHAPE = "inputShape";
  static final String TARGET = "target";
  static final String POLICY = "policy";

  /** The syntax of {@code inputShape}: comma-separated positive integers, blanks allowed. */
  static final String INPUT_SHAPE_PATTERN =
      "^\\s*[0-9]*[1-9][0-9]*\\s*(,\\s*[0-9]*[1-9][0-9]*\\s*)*$";

  /** The names of the parameters that set {@link CertificationOptions}, in the documented order. */
  static final List<String> OPTION_NAMES =
      List.of(
          NORM,
          TOLERANCE,
          MAX_ITERATIONS,
          SEED,
          EXACT_SVD_MAX_DIMENSION,
          MATERIALIZE_MAX_DIMENSION,
          UPPER_BOUND_METHOD,
          BOUND,
          WITNESS_SAMPLES,
          MAX_LIPSCHITZ,
          TIME_BUDGET_MILLIS);

  /** Every parameter name the endpoint takes, in the documented order. */
  static final List<String> NAMES =
      Stream.concat(OPTION_NAMES.stream(), Stream.of(INPUT_SHAPE, TARGET, POLICY)).toList();

  /**
   * Refuses a request parameter that the endpoint does not take: it is most likely a misspelt
   * option ({@code max_lipschitz}) whose silent omission would change the certificate.
   *
   * @param names the names of the request's parameters (query, and form fields of a multipart
   *     request)
   * @param alsoAllowed names that are not options but are allowed, such as the part {@code model}
   * @throws InvalidParameterException naming the first unknown parameter
   */
  static void checkNames(Collection<String> names, Set<String> alsoAllowed) {
    checkNames(names, NAMES, alsoAllowed);
  }

  /**
   * Refuses a request parameter that is not among {@code known} or {@code alsoAllowed}.
   *
   * @param names the names of the request's parameters
   * @param known the parameters the endpoint documents, listed in the message
   * @param alsoAllowed further names allowed, such as the part {@code model}
   * @throws InvalidParameterException naming the first unknown parameter
   */
  static void checkNames(Collection<String> names, List<String> known, Set<String> alsoAllowed) {
    for (String name : names) {
      if (!known.contains(name) && !alsoAllowed.contains(name)) {
        throw new InvalidParameterException(
            name, "unknown parameter '" + name + "'; known: " + String.join(", ", known));
      }
    }
  }

  /**
   * Returns the target of the suggestions.
   *
   * @return {@code K}, or {@code null} when not given
   * @throws InvalidParameterException if it is not a finite number {@code ≥ 0}
   */
  Double toTarget() {
    if (target == null) {
      return null;
    }
    if (norm != null && !norm.isBlank()) {
      try {
        if (Norm.fromId(norm) != Norm.L2) {
          throw new InvalidParameterException(
              TARGET, "target: suggestions and projections are for norm 2 only, not norm " + norm);
        }
      } catch (IllegalArgumentException e) {
        // the norm's own error is reported by toOptions()
      }
    }
    double value;
    try {
      value = Double.parseDouble(target.strip());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    if (!(value >= 0 && Double.isFinite(value))) {
      throw new InvalidParameterException(
          TARGET, TARGET + " must be a finite number >= 0, got '" + target + "'");
    }
    return value;
  }

  /**
   * Returns the budget policy, proportional by default.
   *
   * @throws InvalidParameterException for an unknown policy
   */
  BudgetPolicy toPolicy() {
    if (policy == null) {
      return BudgetPolicy.PROPORTIONAL;
    }
    try {
      return BudgetPolicy.fromId(policy.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidParameterException(
          POLICY, POLICY + " must be proportional or uniform, got '" + policy + "'");
    }
  }

  /**
   * Returns the options these parameters ask for: {@link CertificationOptions#defaults()} with
   * every given parameter applied.
   *
   * @return the options
   * @throws InvalidParameterException naming the first parameter that cannot be parsed or that the
   *     options refuse (for example {@code tolerance} outside {@code (0, 1)})
   */
  CertificationOptions toOptions() {
    Draft draft = new Draft(CertificationOptions.defaults());
    draft.apply(NORM, norm, value -> draft.norm = parseNorm(value));
    draft.apply(TOLERANCE, tolerance, value -> draft.tolerance = parseDouble(value));
    draft.apply(MAX_ITERATIONS, maxIterations, value -> draft.maxIterations = parseInt(value));
    draft.apply(SEED, seed, value -> draft.seed = parseLong(value));
    draft.apply(
        EXACT_SVD_MAX_DIMENSION,
        exactSvdMaxDimension,
        value -> draft.exactSvdMaxDimension = parseInt(value));
    draft.apply(
        MATERIALIZE_MAX_DIMENSION,
        materializeMaxDimension,
        value -> draft.materializeMaxDimension = parseInt(value));
    draft.apply(UPPER_BOUND_METHOD, upperBoundMethod, value -> draft.method = parseMethod(value));
    draft.apply(BOUND, bound, value -> draft.bound = parseBound(value));
    draft.apply(WITNESS_SAMPLES, witnessSamples, value -> draft.witnessSamples = parseInt(value));
    draft.apply(MAX_LIPSCHITZ, maxLipschitz, value -> draft.maxLipschitz = parseDouble(value));
    draft.apply(
        TIME_BUDGET_MILLIS, timeBudgetMillis, value -> draft.timeBudgetMillis = parseLong(value));
    return draft.build();
  }

  /**
   * Returns the input shape {@code inputShape} asks for.
   *
   * @return the dimensions, or {@code null} when the parameter is absent (the model's declared
   *     shape)
   * @throws InvalidParameterException if it is not a list of positive integers
   */
  int[] toInputShape() {
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
      if (dims[k] < 1) {
        throw new InvalidParameterException(
            INPUT_SHAPE,
            INPUT_SHAPE
                + " must be comma-separated positive integers, the input's dimensions without"
                + " the batch axis, such as 3,32,32; got '"
                + value
                + "'");
      }
    }
    return dims;
  }

  private static Norm parseNorm(String value) {
    try {
      return Norm.fromId(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must be one of "
              + Arrays.stream(Norm.values()).map(Norm::id).collect(Collectors.joining(", "))
              + "; got '"
              + value
              + "'");
    }
  }

  private static double parseDouble(String value) {
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a number, got '" + value + "'");
    }
  }

  private static int parseInt(String value) {
    try {
      return Integer.parseInt(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be an integer, got '" + value + "'");
    }
  }

  private static long parseLong(String value) {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("must be a 64-bit integer, got '" + value + "'");
    }
  }

  private static BoundMethod parseBound(String value) {
    try {
      return BoundMethod.fromId(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "must be one of auto, naive, merged, cp, sdp; got '" + value + "'");
    }
  }

  private static UpperBoundMethod parseMethod(String value) {
    for (UpperBoundMethod method : UpperBoundMethod.values()) {
      if (method.name().equalsIgnoreCase(value)) {
        return method;
      }
    }
    throw new IllegalArgumentException(
        "must be one of "
            + Arrays.stream(UpperBoundMethod.values())
                .map(method -> method.name().toLowerCase(Locale.ROOT))
                .collect(Collectors.joining(", "))
            + "; got '"
            + value
            + "'");
  }

  /**
   * The options being assembled, one parameter at a time, so that the options' own validation runs
   * after each one and its failure can be blamed on that parameter.
   */
  private static final class Draft {
    private Norm norm;
    private double tolerance;
    private int maxIterations;
    private long seed;
    private int exactSvdMaxDimension;
    private int materializeMaxDimension;
    private UpperBoundMethod method;
    private int witnessSamples;
    private Double maxLipschitz;
    private BoundMethod bound;
    private long timeBudgetMillis;

    Draft(CertificationOptions start) {
      norm = start.norm();
      tolerance = start.tolerance();
      maxIterations = start.maxIterations();
      seed = start.seed();
      exactSvdMaxDimension = start.exactSvdMaxDimension();
      materializeMaxDimension = start.materializeMaxDimension();
      method = start.upperBoundMethod();
      witnessSamples = start.witnessSamples();
      maxLipschitz = start.maxLipschitz();
      bound = start.bound();
      timeBudgetMillis = start.timeBudgetMillis();
    }

    /** Sets one parameter if it was given, and checks the options it leads to. */
    void apply(String parameter, String value, Consumer<String> setter) {
      if (value == null) {
        return;
      }
      try {
        setter.accept(value.strip());
        build();
      } catch (IllegalArgumentException e) {
        throw new InvalidParameterException(parameter, describe(parameter, e.getMessage()));
      }
    }

    CertificationOptions build() {
      return new CertificationOptions(
          norm,
          tolerance,
          maxIterations,
          seed,
          exactSvdMaxDimension,
          method,
          witnessSamples,
          maxLipschitz,
          materializeMaxDimension,
          bound,
          timeBudgetMillis);
    }

    /** Prefixes the parameter's name unless the message already starts with it. */
    private static String describe(String parameter, String message) {
      return message.toLowerCase(Locale.ROOT).startsWith(parameter.toLowerCase(Locale.ROOT))
          ? message
          : parameter + " " + message;
    }
  }
}
