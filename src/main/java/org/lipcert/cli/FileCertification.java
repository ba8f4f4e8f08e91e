package org.lipcert.cli;

import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.lipcert.core.InvalidModelException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.io.ModelFormat;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.OnnxReadLimits;
import org.lipcert.io.report.CertificateReport;
import org.lipcert.io.report.ReportMapper;

/**
 * Certifies a model file, LipCert JSON or ONNX: reads it, lets {@link ModelLoader} tell and parse
 * its format, runs the {@link Certifier} on a pool of the requested size, and maps the certificate
 * to the report. The same pipeline as the REST API's, with a file instead of an upload.
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
   * @return the report
   * @throws InputException if the file cannot be read, or the model is malformed, invalid or not
   *     certifiable, or an input shape is given for a LipCert JSON model; the message starts with
   *     the file name
   */
  static CertificateReport certify(
      Path model, int[] inputShape, CertificationOptions options, int threads) {
    byte[] bytes = ModelFile.read(model);
    if (inputShape != null && ModelFormat.detect(bytes) == ModelFormat.JSON) {
      throw new InputException(
          model
              + ": --input-shape applies to ONNX models only; a LipCert JSON model declares its"
              + " own input shape (input.shape)");
    }
    ExecutorService pool = Executors.newFixedThreadPool(threads, new WorkerThreads());
    try {
      long start = System.nanoTime();
      // the file is already in memory: the reader's size limits only need to admit it
      long limit = Math.max(bytes.length, JsonReadLimits.DEFAULT_MAX_DOCUMENT_BYTES);
      LoadedModel loaded =
          new ModelLoader(
                  JsonReadLimits.defaults().withMaxDocumentBytes(limit),
                  OnnxReadLimits.defaults().withMaxModelBytes(limit))
              .load(bytes, inputShape);
      long parseMillis = (System.nanoTime() - start) / 1_000_000;
      Certificate certificate = new Certifier(pool).certify(loaded, options);
      return ReportMapper.toReport(certificate, parseMillis, inputShape);
    } catch (UncertifiableModelException e) {
      throw new InputException(model + ": " + notCertifiable(e), e);
    } catch (InvalidModelException e) {
      throw new InputException(model + ": " + e.getMessage(), e);
    } finally {
      pool.shutdownNow();
    }
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
