package org.lipcert.cli;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/**
 * The command line never starts the web server: no class of {@code org.lipcert.cli} depends on
 * Spring or on {@code org.lipcert.web}, and {@code org.lipcert.core} and {@code org.lipcert.io} do
 * not depend on the command line or on picocli (STYLE: "the core never imports picocli").
 */
class CliArchitectureTest {

  private static final JavaClasses CLASSES =
      new ClassFileImporter()
          .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
          .importPackages("org.lipcert");

  @Test
  void cliDoesNotDependOnSpringOrTheWebLayer() {
    noClasses()
        .that()
        .resideInAPackage("org.lipcert.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.springframework..", "org.lipcert.web..")
        .check(CLASSES);
  }

  @Test
  void coreAndIoDoNotDependOnTheCommandLine() {
    noClasses()
        .that()
        .resideInAnyPackage("org.lipcert.core..", "org.lipcert.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.lipcert.cli..", "picocli..")
        .check(CLASSES);
  }
}
