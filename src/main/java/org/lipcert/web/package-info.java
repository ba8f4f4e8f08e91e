/**
 * The REST API: {@code POST /api/v1/certificates}, its problem responses and its OpenAPI document.
 *
 * <p>What lives here: the {@link org.lipcert.web.CertificateController} (reads the upload within
 * the size cap, binds the query parameters to {@link
 * org.lipcert.core.certify.CertificationOptions}, and returns the {@link
 * org.lipcert.io.report.CertificateReport}); the {@link org.lipcert.web.ProblemDetailsAdvice} that
 * turns every failure into an RFC 9457 {@code application/problem+json} document whose {@code type}
 * is one of the stable {@link org.lipcert.web.ProblemType}s; the beans and properties of the
 * service ({@link org.lipcert.web.CertificationConfiguration}, {@link
 * org.lipcert.web.LipCertProperties}); and the OpenAPI description ({@link
 * org.lipcert.web.OpenApiConfiguration}), committed as {@code openapi/openapi.json}.
 *
 * <p>May depend on {@code org.lipcert.core} (the certifier, options and exceptions), {@code
 * org.lipcert.io} (the model loader and the report DTOs), Spring, springdoc and swagger-core.
 * Nothing outside this package depends on it; the CLI never loads it.
 */
package org.lipcert.web;
