package org.lipcert;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hexagonal architecture of DESIGN §4: dependencies point inwards, to {@code core}, which
 * depends on nothing but the JDK, EJML and Commons Numbers.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.lipcert");
  }

  @Test
  void coreDependsOnNoAdapterTechnology() {
    noClasses()
        .that()
        .resideInAPackage("org.lipcert.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.springframework..",
            "tools.jackson..",
            "com.fasterxml.jackson..",
            "com.google.protobuf..",
            "picocli..",
            "io.swagger..",
            "jakarta..")
        .because("core is plain Java + EJML (DESIGN §4)")
        .check(classes);
  }

  @Test
  void coreDependsOnNoAdapter() {
    noClasses()
        .that()
        .resideInAPackage("org.lipcert.core..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.lipcert.io..", "org.lipcert.web..", "org.lipcert.cli..")
        .because("dependencies point inwards")
        .check(classes);
  }

  @Test
  void ioAdaptersKnowNeitherTheWebNorTheCommandLine() {
    noClasses()
        .that()
        .resideInAPackage("org.lipcert.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.lipcert.web..", "org.lipcert.cli..", "org.springframework..")
        .check(classes);
  }

  @Test
  void webAndCommandLineAreIndependent() {
    noClasses()
        .that()
        .resideInAPackage("org.lipcert.web..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.lipcert.cli..")
        .check(classes);
    noClasses()
        .that()
        .resideInAPackage("org.lipcert.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.lipcert.web..", "org.springframework..")
        .because("the CLI never starts the web server")
        .check(classes);
  }
}
