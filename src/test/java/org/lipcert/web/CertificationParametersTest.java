package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Norm;
import org.lipcert.core.spectral.UpperBoundMethod;

/** Binding the query parameters to {@link CertificationOptions}, and naming the culprit. */
class CertificationParametersTest {

  private static final CertificationParameters NONE =
      new CertificationParameters(null, null, null, null, null, null, null);

  @Test
  void noParametersGiveTheDefaults() {
    assertThat(NONE.toOptions())
        .as("no parameter: CertificationOptions.defaults()")
        .isEqualTo(CertificationOptions.defaults());
  }

  @Test
  void everyParameterIsApplied() {
    CertificationOptions options =
        new CertificationParameters("2", "1e-3", "50", "-9", "GRAM", "5", "2.5").toOptions();

    assertThat(options.norm()).as("norm").isEqualTo(Norm.L2);
    assertThat(options.tolerance()).as("tolerance").isEqualTo(1e-3);
    assertThat(options.maxIterations()).as("maxIterations").isEqualTo(50);
    assertThat(options.seed()).as("seed").isEqualTo(-9);
    assertThat(options.upperBoundMethod())
        .as("upperBoundMethod, case-insensitive")
        .isEqualTo(UpperBoundMethod.GRAM);
    assertThat(options.witnessSamples()).as("witnessSamples").isEqualTo(5);
    assertThat(options.maxLipschitz()).as("maxLipschitz").isEqualTo(2.5);
    assertThat(options.exactSvdMaxDimension())
        .as("not a parameter: keeps its default")
        .isEqualTo(CertificationOptions.defaults().exactSvdMaxDimension());
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          norm             | inf   | must be one of 2
          tolerance        | 2     | (0, 1)
          tolerance        | 0     | (0, 1)
          tolerance        | NaN   | (0, 1)
          tolerance        | abc   | must be a number
          maxIterations    | 0     | positive
          maxIterations    | 1.5   | must be an integer
          seed             | x     | must be a 64-bit integer
          upperBoundMethod | svd   | auto, cholesky, gram, frobenius
          witnessSamples   | 0     | positive
          maxLipschitz     | -1    | non-negative
          maxLipschitz     | Infinity | finite
          maxLipschitz     | ''    | must be a number
          """)
  void anInvalidValueIsRefusedNamingItsParameter(String parameter, String value, String why) {
    assertThatThrownBy(() -> with(parameter, value).toOptions())
        .as("%s=%s is refused", parameter, value)
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              assertThat(e.parameter()).as("the parameter at fault").isEqualTo(parameter);
              assertThat(e.getMessage())
                  .as("the message names the parameter and says why")
                  .startsWith(parameter)
                  .contains(why);
            });
  }

  @Test
  void unknownParameterNamesAreRefused() {
    assertThatThrownBy(
            () -> CertificationParameters.checkNames(List.of("seed", "max_lipschitz"), Set.of()))
        .as("a misspelt option is refused")
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> assertThat(e.parameter()).as("the unknown name").isEqualTo("max_lipschitz"));
  }

  @Test
  void knownAndAllowedNamesPass() {
    List<String> names = List.copyOf(CertificationParameters.NAMES);
    CertificationParameters.checkNames(names, Set.of());
    CertificationParameters.checkNames(List.of("model"), Set.of("model"));
  }

  private static CertificationParameters with(String parameter, String value) {
    return switch (parameter) {
      case "norm" -> new CertificationParameters(value, null, null, null, null, null, null);
      case "tolerance" -> new CertificationParameters(null, value, null, null, null, null, null);
      case "maxIterations" ->
          new CertificationParameters(null, null, value, null, null, null, null);
      case "seed" -> new CertificationParameters(null, null, null, value, null, null, null);
      case "upperBoundMethod" ->
          new CertificationParameters(null, null, null, null, value, null, null);
      case "witnessSamples" ->
          new CertificationParameters(null, null, null, null, null, value, null);
      case "maxLipschitz" -> new CertificationParameters(null, null, null, null, null, null, value);
      default -> throw new IllegalArgumentException(parameter);
    };
  }
}
