package org.lipcert.web;

import io.micrometer.core.instrument.MeterRegistry;
import org.lipcert.core.advice.Advisor;
import org.lipcert.core.certify.Certifier;
import org.lipcert.io.ModelLoader;
import org.lipcert.io.ModelProjector;
import org.lipcert.io.json.JsonReadLimits;
import org.lipcert.io.onnx.OnnxReadLimits;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Wires the core certifier and the model loader into the service, sized by {@link
 * LipCertProperties}.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LipCertProperties.class)
class CertificationConfiguration {

  /**
   * The threads of all certifications ({@code lipcert.certification.threads}), closed on shutdown.
   */
  @Bean(destroyMethod = "close")
  CertificationThreadPool certificationThreadPool(LipCertProperties properties) {
    return new CertificationThreadPool(properties.certification().threadCount());
  }

  /** The certifier, bracketing layers on the shared pool. */
  @Bean
  Certifier certifier(CertificationThreadPool pool) {
    return new Certifier(pool.executor());
  }

  /** The advisor of suggestions and projections, on the shared pool. */
  @Bean
  Advisor advisor(CertificationThreadPool pool) {
    return new Advisor(pool.executor());
  }

  /** The projector, whose file limits are the upload cap. */
  @Bean
  ModelProjector modelProjector(LipCertProperties properties) {
    return new ModelProjector(jsonLimits(properties), onnxLimits(properties));
  }

  /**
   * The model loader: the upload cap is the JSON document and ONNX file limit, {@code
   * lipcert.limits.max-tensor-elements} the largest tensor an ONNX file may declare.
   */
  @Bean
  ModelLoader modelLoader(LipCertProperties properties) {
    return new ModelLoader(jsonLimits(properties), onnxLimits(properties));
  }

  private static JsonReadLimits jsonLimits(LipCertProperties properties) {
    return JsonReadLimits.defaults().withMaxDocumentBytes(properties.maxUploadBytes());
  }

  private static OnnxReadLimits onnxLimits(LipCertProperties properties) {
    return OnnxReadLimits.defaults()
        .withMaxModelBytes(properties.maxUploadBytes())
        .withMaxTensorElements(properties.limits().maxTensorElements());
  }

  /** The certification slots ({@code lipcert.limits.max-concurrent-certifications}). */
  @Bean
  CertificationSlots certificationSlots(LipCertProperties properties) {
    return new CertificationSlots(properties.limits().concurrentCertifications());
  }

  /** One certification, for synchronous requests and jobs. */
  @Bean
  CertificationService certificationService(
      ModelLoader loader,
      Certifier certifier,
      Advisor advisor,
      CertificationSlots slots,
      LipCertProperties properties,
      MeterRegistry registry) {
    return new CertificationService(
        loader, certifier, advisor, slots, properties.limits().timeBudget(), registry);
  }

  /** The jobs, closed (cancelled) on shutdown. */
  @Bean(destroyMethod = "close")
  JobService jobService(
      CertificationService service, LipCertProperties properties, MeterRegistry registry) {
    return new JobService(service, properties.jobs(), registry);
  }
}
