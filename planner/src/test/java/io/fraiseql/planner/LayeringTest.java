package io.fraiseql.planner;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The planner sees plans and graphql-java only: never a backend, a driver or the transformer. */
class LayeringTest {
  @Test
  void plannerImportsNoBackend() {
    JavaClasses classes = new ClassFileImporter()
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPackages("io.fraiseql.planner");
    noClasses().should().dependOnClassesThat().resideInAnyPackage(
            "io.fraiseql.backend..", "io.fraiseql.transform..", "io.fraiseql.sql..", "java.sql..",
            "io.vertx..", "io.r2dbc..", "org.postgresql..", "com.dslplatform..")
        .check(classes);
  }
}
