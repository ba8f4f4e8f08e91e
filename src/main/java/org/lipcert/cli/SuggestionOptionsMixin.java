package org.lipcert.cli;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.lipcert.core.advice.BudgetPolicy;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code --target K} and {@code --policy}: ask {@code certify} and {@code gate} for suggestions.
 */
final class SuggestionOptionsMixin {

  @Spec(Spec.Target.MIXEE)
  private CommandSpec spec;

  @Option(
      names = "--target",
      paramLabel = "K",
      description =
          "Add suggestions for bringing the network under K: per weighted layer its budget, the"
              + " spectral-normalisation factor and the clip thresholds that meet it.")
  private Double target;

  @Option(
      names = "--policy",
      paramLabel = "POLICY",
      defaultValue = "proportional",
      converter = PolicyConverter.class,
      description =
          "How --target is shared among the layers: proportional (every layer keeps the same"
              + " fraction of its norm) or uniform (equal budgets). Default: ${DEFAULT-VALUE}.")
  private BudgetPolicy policy;

  /**
   * Returns the target, or {@code null} when none was given.
   *
   * @throws ParameterException if it is negative or not finite
   */
  Double target() {
    if (target != null && !(target >= 0 && Double.isFinite(target))) {
      throw new ParameterException(
          spec.commandLine(), "--target must be a finite number >= 0, got " + target);
    }
    return target;
  }

  /** Returns the policy. */
  BudgetPolicy policy() {
    return policy;
  }

  /** Reads {@code proportional} or {@code uniform}, any case. */
  static final class PolicyConverter implements ITypeConverter<BudgetPolicy> {

    @Override
    public BudgetPolicy convert(String value) {
      try {
        return BudgetPolicy.fromId(value);
      } catch (IllegalArgumentException e) {
        throw new TypeConversionException(
            "expected one of "
                + Arrays.stream(BudgetPolicy.values())
                    .map(BudgetPolicy::id)
                    .collect(Collectors.joining(", "))
                + " but was '"
                + value
                + "'");
      }
    }
  }
}
