package org.lipcert.web;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import org.lipcert.core.UncertifiableModelException;
import org.lipcert.core.advice.Advisor;
import org.lipcert.core.advice.BudgetPolicy;
import org.lipcert.core.advice.Suggestions;
import org.lipcert.core.certify.Certificate;
import org.lipcert.core.certify.CertificationOptions;
import org.lipcert.core.certify.Certifier;
import org.lipcert.core.certify.LayerCertificate;
import org.lipcert.core.certify.LoadedModel;
import org.lipcert.core.certify.Progress;
import org.lipcert.core.numeric.Deadline;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.report.CertificateReport;
import org.lipcert.io.report.ReportMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one certification for the web layer — synchronous requests and jobs alike: applies the
 * service's time budget, loads the model, certifies it, adds suggestions for a target, and counts
 * the outcome in the metrics ({@code lipcert.certifications}, {@code lipcert.layer.duration}) and
 * in one log line (the model's hash and bounds, never its weights).
 */
final class CertificationService {

  private static final Logger log = LoggerFactory.getLogger(CertificationService.class);

  /** What to certify, validated. */
  record Request(
      byte[] upload,
      int[] inputShape,
      CertificationOptions options,
      Double target,
      BudgetPolicy policy) {}

  private final ModelLoader loader;
  private final Certifier certifier;
  private final Advisor advisor;
  private final CertificationSlots slots;
  private final Duration maxBudget;
  private final MeterRegistry registry;
  private final Timer layerTimer;

  CertificationService(
      ModelLoader loader,
      Certifier certifier,
      Advisor advisor,
      CertificationSlots slots,
      Duration maxBudget,
      MeterRegistry registry) {
    this.loader = loader;
    this.certifier = certifier;
    this.advisor = advisor;
    this.slots = slots;
    this.maxBudget = maxBudget;
    this.registry = registry;
    this.layerTimer =
        Timer.builder("lipcert.layer.duration")
            .description("Time to bracket one layer")
            .publishPercentileHistogram()
            .register(registry);
  }

  /** Returns the slots shared by synchronous requests and jobs. */
  CertificationSlots slots() {
    return slots;
  }

  /**
   * Certifies synchronously, in a free slot.
   *
   * @param request the request
   * @return the report
   * @throws BusyException (429) if no slot is free
   */
  CertificateReport certifyNow(Request request) {
    slots.acquireOrRefuse();
    try {
      return run(request, Progress.Listener.NONE, Deadline.NONE, "sync");
    } finally {
      slots.release();
    }
  }

  /**
   * Certifies in the calling thread, which must hold a slot.
   *
   * @param request the request
   * @param listener receives progress
   * @param cancellation cancels the work
   * @param mode {@code sync} or {@code job}, the metrics tag
   * @return the report
   */
  CertificateReport run(
      Request request, Progress.Listener listener, Deadline cancellation, String mode) {
    String outcome = "failed";
    try {
      CertificationOptions options = withBudget(request.options());
      long start = System.nanoTime();
      LoadedModel model = loader.load(request.upload(), request.inputShape());
      long parseMillis = (System.nanoTime() - start) / 1_000_000;
      Certificate certificate = certifier.certify(model, options, listener, cancellation);
      for (LayerCertificate layer : certificate.layers()) {
        layerTimer.record(Duration.ofMillis(layer.millis()));
      }
      Suggestions suggestions =
          request.target() == null
              ? null
              : advisor.advise(certificate, request.target(), request.policy());
      outcome = "succeeded";
      log.info(
          "certified {} model sha256 {} ({} layers): upper {} ({}), lower {}, {} ms{}",
          model.format(),
          model.sha256(),
          certificate.layers().size(),
          certificate.network().upperBound(),
          certificate.network().upperBoundMethod(),
          certificate.network().lowerBound(),
          certificate.timings().totalMillis(),
          certificate.timings().budgetExhausted() ? ", time budget exhausted" : "");
      return ReportMapper.toReport(certificate, parseMillis, request.inputShape(), suggestions);
    } catch (CancellationException e) {
      outcome = "cancelled";
      throw e;
    } catch (UncertifiableModelException e) {
      outcome = "refused";
      throw e;
    } catch (org.lipcert.core.InvalidModelException e) {
      outcome = "invalid";
      throw e;
    } finally {
      Counter.builder("lipcert.certifications")
          .description("Certifications by outcome and mode")
          .tag("outcome", outcome)
          .tag("mode", mode)
          .register(registry)
          .increment();
    }
  }

  /**
   * Returns the options with the effective time budget: the request's, at most the service's {@code
   * lipcert.limits.time-budget}, which also applies when the request gives none.
   */
  CertificationOptions withBudget(CertificationOptions options) {
    long cap = maxBudget.toMillis();
    long asked = options.timeBudgetMillis();
    return options.withTimeBudgetMillis(asked > 0 ? Math.min(asked, cap) : cap);
  }
}
