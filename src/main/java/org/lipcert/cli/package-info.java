/**
 * The command line of {@code lipcert.jar}: {@code lipcert certify MODEL} and {@code lipcert gate
 * MODEL --max-lipschitz K} (DESIGN §3, "Surfaces").
 *
 * <p>{@link org.lipcert.cli.Main} parses the arguments, dispatches to a command and turns every
 * exception into one of three named exit codes in one place. The commands are picocli classes that
 * hold options and no numerical logic: they read the model file and hand it to {@link
 * org.lipcert.io.ModelLoader}, {@link org.lipcert.core.certify.Certifier} and {@link
 * org.lipcert.io.report.ReportMapper}, and render the report with an {@link
 * org.lipcert.io.report.OutputFormat}'s writer.
 *
 * <p>Depends on {@code org.lipcert.core}, {@code org.lipcert.io} and picocli. Never on Spring or
 * {@code org.lipcert.web}: the command line must not start (or even load) the web server. Nothing
 * but {@link org.lipcert.LipCertApplication} depends on this package.
 */
package org.lipcert.cli;
