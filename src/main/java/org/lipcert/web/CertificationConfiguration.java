package org.lipcert.web;

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
    return new ModelProjector(
        JsonReadLimits.defaults().withMaxDocumentBytes(properties.maxUploadBytes()),
        OnnxReadLimits.defaults().withMaxModelBytes(properties.maxUploadBytes()));
  }

  /** The model loader, whose JSON document limit is the upload cap. */
  @Bean
  ModelLoader modelLoader(LipCertProperties properties) {
    return new ModelLoader(
        JsonReadLimits.defaults().withMaxDocumentBytes(properties.maxUploadBytes()));
  }
}
