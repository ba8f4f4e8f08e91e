package org.lipcert.io;

import java.util.function.Supplier;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.certify.LoadedModel;

/**
 * The contract every reader is fuzzed against: for any bytes it returns a model, or refuses them
 * with one of its documented exceptions — {@link InvalidModelException} (including {@link
 * org.lipcert.core.MalformedModelException}) or {@link UncertifiableModelException}. Any other
 * throwable escapes to Jazzer and is a finding; so is a model whose graph cannot evaluate an input
 * of its declared shape.
 */
public final class FuzzContract {

  private FuzzContract() {}

  /**
   * Runs a reader under the contract.
   *
   * @param read the reader applied to the fuzzed input
   */
  public static void check(Supplier<LoadedModel> read) {
    LoadedModel model;
    try {
      model = read.get();
    } catch (InvalidModelException | UncertifiableModelException documented) {
      if (documented.getMessage() == null || documented.getMessage().isBlank()) {
        throw new AssertionError("a refusal must say why", documented);
      }
      return;
    }
    int n = model.graph().inputShape().size();
    if (n <= 1 << 16) {
      double[] x = new double[n];
      for (int i = 0; i < n; i++) {
        x[i] = Math.sin(i + 1.0);
      }
      model.graph().evaluate(x);
    }
  }
}
