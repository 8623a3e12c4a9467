package io.datapipeline.converter;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The converter's package arrows, checked by the build: the streaming core and the use case know no
 * AWS SDK and no JDBC; the adapters (S3, DynamoDB, PostgreSQL, Secrets Manager, metrics) know
 * neither the Lambda handler nor the CLI; nothing knows Kubernetes; no package cycles.
 */
class ArchitectureTest {

  private static final String ROOT = "io.datapipeline.converter";
  private static final String[] PURE = {
    ROOT + ".core..", ROOT + ".csv..", ROOT + ".schema..", ROOT + ".sink..", ROOT + ".load.."
  };
  private static final String[] ADAPTERS = {
    ROOT + ".s3..",
    ROOT + ".dynamodb..",
    ROOT + ".postgres..",
    ROOT + ".secrets..",
    ROOT + ".metrics.."
  };

  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages(ROOT);
  }

  @Test
  void theConverterKnowsNoKubernetesClient() {
    noClasses()
        .that()
        .resideInAPackage(ROOT + "..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("io.fabric8..")
        .check(classes);
  }

  @Test
  void coreCsvSchemaSinksAndTheUseCaseKnowNoAwsSdkNorJdbc() {
    noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "software.amazon..", "com.amazonaws..", "java.sql..", "javax.sql..", "org.postgresql..")
        .check(classes);
  }

  @Test
  void adaptersDependOnNeitherTheHandlerNorTheCli() {
    noClasses()
        .that()
        .resideInAnyPackage(ADAPTERS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT, ROOT + ".aws..", ROOT + ".cli..")
        .check(classes);
  }

  @Test
  void onlyTheEntryPointsUseTheWiring() {
    noClasses()
        .that()
        .resideInAnyPackage(PURE)
        .or()
        .resideInAnyPackage(ADAPTERS)
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(ROOT + ".aws..")
        .check(classes);
  }

  @Test
  void nothingDependsOnTheLambdaEntryPoint() {
    noClasses()
        .that()
        .resideOutsideOfPackage(ROOT)
        .should()
        .dependOnClassesThat()
        .resideInAPackage(ROOT)
        .check(classes);
  }

  @Test
  void packagesHaveNoCycles() {
    slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
  }
}
