package io.fraiseql.transform;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/** The transformer knows rows only as bytes: no backend, driver or GraphQL engine types. */
@AnalyzeClasses(packages = "io.fraiseql.transform", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  @ArchTest
  static final ArchRule NO_BACKEND_OR_ENGINE_DEPENDENCIES =
      noClasses()
          .that()
          .resideInAPackage("io.fraiseql.transform..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fraiseql.backend..",
              "java.sql..",
              "io.vertx..",
              "io.r2dbc..",
              "org.postgresql..",
              "graphql..");

  @ArchTest
  static final ArchRule ONLY_API_AND_DSL_JSON =
      classes()
          .that()
          .resideInAPackage("io.fraiseql.transform..")
          .should()
          .onlyDependOnClassesThat()
          .resideInAnyPackage(
              "io.fraiseql.transform..",
              "io.fraiseql.api..",
              "io.fraiseql.spi..",
              "com.dslplatform.json..",
              "java..");
}
