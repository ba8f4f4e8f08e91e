/**
 * The certificate report as a document: DTO records with the JSON shape of DESIGN §3 ("The
 * report"), the mapping from {@link org.lipcert.core.certify.Certificate}, and the writers for each
 * output format. The REST API and the CLI return these same records, so their JSON is the same
 * schema.
 *
 * <p>Depends on {@code org.lipcert.core}, Jackson (annotations and a mapper for the CLI) and the
 * OpenAPI annotations (documentation only). No Spring.
 */
package org.lipcert.io.report;
