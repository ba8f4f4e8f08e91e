package org.lipcert.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.numeric.Norm;
import org.lipcert.core.spectral.UpperBoundMethod;

/** Binding the query parameters to {@link CertificationOptions}, and naming the culprit. */
class CertificationParametersTest {

  private static final CertificationParameters NONE = with("none", null);

  @Test
  void noParametersGiveTheDefaults() {
    assertThat(NONE.toOptions())
        .as("no parameter: CertificationOptions.defaults()")
        .isEqualTo(CertificationOptions.defaults());
  }

  @Test
  void everyParameterIsApplied() {
    CertificationOptions options =
        new CertificationParameters(
                "2", "1e-3", "50", "-9", "17", "0", "GRAM", "CP", "5", "2.5", "700", null, null,
                null)
            .toOptions();

    assertThat(options.norm()).as("norm").isEqualTo(Norm.L2);
    assertThat(options.tolerance()).as("tolerance").isEqualTo(1e-3);
    assertThat(options.maxIterations()).as("maxIterations").isEqualTo(50);
    assertThat(options.seed()).as("seed").isEqualTo(-9);
    assertThat(options.exactSvdMaxDimension()).as("exactSvdMaxDimension").isEqualTo(17);
    assertThat(options.materializeMaxDimension())
        .as("materializeMaxDimension, 0 turning materialisation off")
        .isZero();
    assertThat(options.timeBudgetMillis()).as("timeBudgetMillis").isEqualTo(700);
    assertThat(options.bound()).as("bound").isEqualTo(org.lipcert.core.certify.BoundMethod.CP);
    assertThat(options.upperBoundMethod())
        .as("upperBoundMethod, case-insensitive")
        .isEqualTo(UpperBoundMethod.GRAM);
    assertThat(options.witnessSamples()).as("witnessSamples").isEqualTo(5);
    assertThat(options.maxLipschitz()).as("maxLipschitz").isEqualTo(2.5);
  }

  @Test
  void everyOptionIsAParameter() {
    assertThat(CertificationParameters.OPTION_NAMES)
        .as("one query parameter per component of CertificationOptions, in the same terms")
        .containsExactlyInAnyOrder(
            Arrays.stream(CertificationOptions.class.getRecordComponents())
                .map(RecordComponent::getName)
                .toArray(String[]::new));
    assertThat(CertificationParameters.class.getRecordComponents())
        .as("one record component per documented name, in the documented order")
        .extracting(RecordComponent::getName)
        .containsExactlyElementsOf(CertificationParameters.NAMES);
    assertThat(CertificationParameters.NAMES)
        .as(
            "the options, then the input shape and the suggestions' target and policy, which are"
                + " not options of the certifier")
        .containsExactlyElementsOf(
            Stream.concat(
                    CertificationParameters.OPTION_NAMES.stream(),
                    Stream.of(
                        CertificationParameters.INPUT_SHAPE,
                        CertificationParameters.TARGET,
                        CertificationParameters.POLICY))
                .toList());
  }

  @Test
  void noInputShapeMeansTheDeclaredOne() {
    assertThat(NONE.toInputShape()).as("inputShape absent").isNull();
  }

  @ParameterizedTest(name = "inputShape=''{0}''")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          3,32,32         | 3,32,32
          ' 3 , 32 ,32 '  | 3,32,32
          1,3,32,32       | 1,3,32,32
          7               | 7
          007,2147483647  | 7,2147483647
          """)
  void anInputShapeIsAListOfPositiveIntegers(String value, String expected) {
    assertThat(with("inputShape", value).toInputShape())
        .as("inputShape=%s", value)
        .containsExactly(Arrays.stream(expected.split(",")).mapToInt(Integer::parseInt).toArray());
  }

  @ParameterizedTest(name = "inputShape=''{0}''")
  @ValueSource(
      strings = {
        "",
        " ",
        "3x32x32",
        "3;32;32",
        "[3,32,32]",
        "3,,32",
        "3,32,",
        ",3",
        "3,0,32",
        "3,-1,32",
        "+3",
        "3.0",
        "2147483648",
        "99999999999999999999"
      })
  void anInputShapeThatIsNotAListOfPositiveIntegersIsRefusedNamingTheParameter(String value) {
    assertThatThrownBy(() -> with("inputShape", value).toInputShape())
        .as("inputShape=%s is refused", value)
        .isInstanceOfSatisfying(
            InvalidParameterException.class,
            e -> {
              assertThat(e.parameter()).as("the parameter at fault").isEqualTo("inputShape");
              assertThat(e.getMessage())
                  .as("the message names the parameter, shows the syntax and quotes the value")
                  .startsWith("inputShape must be comma-separated positive integers")
                  .contains("3,32,32", "'" + value.strip() + "'");
            });
  }

  @Test
  void theDocumentedPatternAcceptsWhatIsAccepted() {
    java.util.regex.Pattern pattern =
        java.util.regex.Pattern.compile(CertificationParameters.INPUT_SHAPE_PATTERN);
    for (String accepted : List.of("3,32,32", " 3 , 32 ,32 ", "007", "1,3,32,32")) {
      assertThat(pattern.matcher(accepted).matches()).as("'%s' matches", accepted).isTrue();
    }
    for (String refused : List.of("", "3,,32", "3,0,32", "3x32", "-1", "[3]")) {
      assertThat(pattern.matcher(refused).matches()).as("'%s' does not", refused).isFalse();
    }
  }

  @Test
  void theDimensionThresholdsAcceptZeroAndBlanks() {
    assertThat(with("exactSvdMaxDimension", "0").toOptions().exactSvdMaxDimension())
        .as("exactSvdMaxDimension=0 turns the SVD witness off")
        .isZero();
    assertThat(with("materializeMaxDimension", "0").toOptions().materializeMaxDimension())
        .as("materializeMaxDimension=0 turns materialisation off")
        .isZero();
    assertThat(with("materializeMaxDimension", " 4096 ").toOptions().materializeMaxDimension())
        .as("surrounding blanks are ignored")
        .isEqualTo(4096);
  }

  @ParameterizedTest(name = "{0}={1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          norm             | 3     | must be one of 1, 2, inf
          tolerance        | 2     | (0, 1)
          tolerance        | 0     | (0, 1)
          tolerance        | NaN   | (0, 1)
          tolerance        | abc   | must be a number
          maxIterations    | 0     | positive
          maxIterations    | 1.5   | must be an integer
          seed             | x     | must be a 64-bit integer
          exactSvdMaxDimension    | -1  | must not be negative
          exactSvdMaxDimension    | 2.5 | must be an integer
          exactSvdMaxDimension    | 99999999999 | must be an integer
          materializeMaxDimension | -1  | must not be negative
          materializeMaxDimension | x   | must be an integer
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

  /** Returns parameters with one given, by name, and the others absent. */
  private static CertificationParameters with(String parameter, String value) {
    String[] values = new String[CertificationParameters.NAMES.size()];
    int index = CertificationParameters.NAMES.indexOf(parameter);
    if (index >= 0) {
      values[index] = value;
    } else if (!"none".equals(parameter)) {
      throw new IllegalArgumentException(parameter);
    }
    return new CertificationParameters(
        values[0],
        values[1],
        values[2],
        values[3],
        values[4],
        values[5],
        values[6],
        values[7],
        values[8],
        values[9],
        values[10],
        values[11],
        values[12],
        values[13]);
  }
}
