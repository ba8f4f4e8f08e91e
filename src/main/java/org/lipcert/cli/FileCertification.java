package org.lipcert.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.advice.Advisor;
import org.lipcert.core.advice.BudgetPolicy;
import org.lipcert.core.advice.ImpliedBound;
import org.lipcert.core.advice.Projection;
import org.lipcert.core.advice.ProjectionMode;
import org.lipcert.core.advice.Suggestions;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.certify.Progress;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.io.ModelFormat;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.ModelProjector;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.OnnxReadLimits;
import org.lipcert.io.report.CertificateReport;
import org.lipcert.io.report.ImpliedBoundReport;
import org.lipcert.io.report.ProjectionReport;
import org.lipcert.io.report.ReportMapper;

/**
 * Runs the commands' pipelines on a model file, LipCert JSON or ONNX: reads it, lets {@link
 * ModelLoader} tell and parse its format, runs the core on a pool of the requested size, and maps
 * the result to a report. The same pipelines as the REST API's, with a file instead of an upload;
 * every failure of the input becomes an {@link InputException} naming the file.
 */
final class FileCertification {

  private FileCertification() {}

  /**
   * Certifies a model file.
   *
   * @param model the file
   * @param inputShape the input shape of an ONNX model ({@code --input-shape}), or {@code null} for
   *     the declared one
   * @param options the certification options
   * @param threads the number of threads that bracket layers in parallel
   * @param target the target of the suggestions ({@code --target}), or {@code null} for none
   * @param policy the budget policy of the suggestions
   * @param listener receives the certification's progress
   * @return the report
   * @throws InputException if the file cannot be read, or the model is malformed, invalid or not
   *     certifiable, or an input shape is given for a LipCert JSON model; the message starts with
   *     the file name
   */
  static CertificateReport certify(
      Path model,
      int[] inputShape,
      CertificationOptions options,
      int threads,
      Double target,
      BudgetPolicy policy,
      Progress.Listener listener) {
    requireL2(target != null, options, "--target");
    return run(
        model,
        inputShape,
        threads,
        (bytes, loader, pool) -> {
          long start = System.nanoTime();
          LoadedModel loaded = loader.load(bytes, inputShape);
          long parseMillis = (System.nanoTime() - start) / 1_000_000;
          Certificate certificate =
              new Certifier(pool).certify(loaded, options, listener, Deadline.NONE);
          Suggestions suggestions =
              target == null ? null : new Advisor(pool).advise(certificate, target, policy);
          return ReportMapper.toReport(certificate, parseMillis, inputShape, suggestions);
        });
  }

  /**
   * Certifies a model file as {@code certify} and {@code gate} do, with a progress bar on standard
   * error when it is a terminal.
   *
   * @param model the file
   * @param options the certification options
   * @param certification the command's certification options (input shape, threads, progress)
   * @param suggestions the command's target and policy
   * @param err the command's standard error
   * @return the report
   * @throws InputException as {@link #certify(Path, int[], CertificationOptions, int, Double,
   *     BudgetPolicy, Progress.Listener)}
   */
  static CertificateReport certify(
      Path model,
      CertificationOptions options,
      CertificationOptionsMixin certification,
      SuggestionOptionsMixin suggestions,
      java.io.PrintWriter err) {
    try (ProgressBar bar = ProgressBar.forCommand(err, certification.progress())) {
      return certify(
          model,
          certification.inputShape(),
          options,
          certification.threads(),
          suggestions.target(),
          suggestions.policy(),
          bar);
    }
  }

  /** A projected model and what was done. */
  record Projected(byte[] bytes, ModelFormat format, ProjectionReport report) {}

  /**
   * Projects a model file onto a target.
   *
   * @param model the file
   * @param inputShape the ONNX input shape, or {@code null}
   * @param options the certification options of both certificates
   * @param threads the threads
   * @param target {@code K}
   * @param mode normalise or clip
   * @param policy the budget policy
   * @return the projected bytes and the report
   * @throws InputException for an unusable file
   * @throws Projection.ProjectionException if the target cannot be reached
   */
  static Projected project(
      Path model,
      int[] inputShape,
      CertificationOptions options,
      int threads,
      double target,
      ProjectionMode mode,
      BudgetPolicy policy) {
    requireL2(true, options, "project");
    return run(
        model,
        inputShape,
        threads,
        (bytes, loader, pool) -> {
          long limit = limit(bytes);
          ModelProjector.Projected projected =
              new ModelProjector(
                      JsonReadLimits.defaults().withMaxDocumentBytes(limit),
                      OnnxReadLimits.defaults().withMaxModelBytes(limit))
                  .project(
                      bytes,
                      inputShape,
                      options,
                      target,
                      mode,
                      policy,
                      new Certifier(pool),
                      new Advisor(pool));
          return new Projected(
              projected.bytes(),
              projected.format(),
              ReportMapper.toReport(projected.original(), projected.projection()));
        });
  }

  /**
   * Computes the bound that clipping implies for a model's layer shapes.
   *
   * @param model the file
   * @param inputShape the ONNX input shape, or {@code null}
   * @param options the options of the brackets of unclipped layers
   * @param clip the clip value of every layer with weights, or {@code null}
   * @param perLayer clip values by layer name
   * @return the report
   * @throws InputException for an unusable file or an unknown layer name
   */
  static ImpliedBoundReport impliedBound(
      Path model,
      int[] inputShape,
      CertificationOptions options,
      Double clip,
      Map<String, Double> perLayer) {
    return run(
        model,
        inputShape,
        1,
        (bytes, loader, pool) -> {
          LoadedModel loaded = loader.load(bytes, inputShape);
          try {
            ImpliedBound implied =
                ImpliedBound.of(loaded.graph(), clip, perLayer, options.spectralOptions());
            return ReportMapper.toReport(loaded, clip, implied);
          } catch (IllegalArgumentException e) {
            throw new InputException(model + ": " + e.getMessage(), e);
          }
        });
  }

  private static void requireL2(boolean needed, CertificationOptions options, String what) {
    if (needed && options.norm() != org.lipcert.core.numeric.Norm.L2) {
      throw new InputException(
          what
              + ": suggestions and projections are computed for --norm 2 only, not --norm "
              + options.norm().id());
    }
  }

  /** One pipeline on the file's bytes. */
  @FunctionalInterface
  private interface Pipeline<T> {
    T run(byte[] bytes, ModelLoader loader, ExecutorService pool);
  }

  private static <T> T run(Path model, int[] inputShape, int threads, Pipeline<T> pipeline) {
    byte[] bytes = ModelFile.read(model);
    if (inputShape != null && ModelFormat.detect(bytes) == ModelFormat.JSON) {
      throw new InputException(
          model
              + ": --input-shape applies to ONNX models only; a LipCert JSON model declares its"
              + " own input shape (input.shape)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, new WorkerThreads());
    try {
      long limit = limit(bytes);
      ModelLoader loader =
          new ModelLoader(
              JsonReadLimits.defaults().withMaxDocumentBytes(limit),
              OnnxReadLimits.defaults().withMaxModelBytes(limit));
      return pipeline.run(bytes, loader, pool);
    } catch (UncertifiableModelException e) {
      throw new InputException(model + ": " + notCertifiable(e), e);
    } catch (InvalidModelException e) {
      throw new InputException(model + ": " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
  }

  /** The file is already in memory: the readers' size limits only need to admit it. */
  private static long limit(byte[] bytes) {
    return Math.max(bytes.length, JsonReadLimits.DEFAULT_MAX_DOCUMENT_BYTES);
  }

  /**
   * Returns {@code not certifiable: node 'n' (Op): reason}, without saying "not certifiable" twice
   * when the reason starts with it (a finite but useless constant).
   */
  private static String notCertifiable(UncertifiableModelException e) {
    String prefix = "not certifiable: ";
    String reason = e.reason() == null ? "" : e.reason();
    return prefix
        + (reason.startsWith(prefix)
            ? "node '" + e.node() + "' (" + e.opType() + "): " + reason.substring(prefix.length())
            : e.getMessage());
  }

  /** Daemon threads named {@code lipcert-certify-<n>}, so a pool left behind never blocks exit. */
  private static final class WorkerThreads implements ThreadFactory {

    private final AtomicInteger count = new AtomicInteger();

    @Override
    public Thread newThread(Runnable task) {
      Thread thread = new Thread(task, "lipcert-certify-" + count.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    }
  }
}
