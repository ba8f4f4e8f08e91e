/**
 * The certificate report as a document: DTO records with the JSON shape of DESIGN §3 ("The
 * report"), the mapping from {@link org.lipcert.core.certify.Certificate}, and the writers for each
 * output format: JSON and text, and for CI JUnit XML, SARIF 2.1.0 and Markdown, which fail the same
 * things by the rules of {@code GateFindings}. The REST API and the CLI return these same records,
 * so their JSON is the same schema.
 *
 * <p>Depends on {@code org.lipcert.core}, Jackson (annotations and a mapper for the CLI), the JDK's
 * StAX writer (JUnit XML) and the OpenAPI annotations (documentation only). No Spring.
 */
package org.lipcert.io.report;
