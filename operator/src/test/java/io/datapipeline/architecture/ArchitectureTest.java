package io.datapipeline.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import io.fabric8.kubernetes.client.CustomResource;

/**
 * The arrows between the operator's packages (docs/operator.md "Layout"): the pure builders (api,
 * render) know no cloud or cluster client, the AWS adapters know no Kubernetes, the controller no
 * framework, nothing depends on the application's wiring, and the operator's packages form no
 * cycle.
 */
@AnalyzeClasses(packages = "io.datapipeline", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

  private static final String AWS_SDK = "software.amazon..";
  private static final String KUBERNETES_CLIENT = "io.fabric8.kubernetes.client..";
  private static final String OPERATOR_FRAMEWORK = "io.javaoperatorsdk..";

  @ArchTest
  static final ArchRule apiAndRenderKnowNoClients =
      noClasses()
          .that()
          .resideInAnyPackage("io.datapipeline.api..", "io.datapipeline.render..")
          .should()
          .dependOnClassesThat(
              resideInAnyPackage(AWS_SDK, KUBERNETES_CLIENT, OPERATOR_FRAMEWORK)
                  // The CRD's base class lives in the client's package; it is the model, not a
                  // client.
                  .and(not(belongToAnyOf(CustomResource.class))))
          .because("the desired-state builders stay pure so golden files can test them");

  @ArchTest
  static final ArchRule awsAdaptersKnowNoKubernetes =
      noClasses()
          .that()
          .resideInAPackage("io.datapipeline.operator.aws..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              "io.fabric8..",
              OPERATOR_FRAMEWORK,
              "io.datapipeline.operator.kubernetes..",
              "io.datapipeline.operator.controller..",
              "io.datapipeline.operator.app..")
          .because("an AWS adapter only translates between our ports and the AWS SDK");

  @ArchTest
  static final ArchRule controllerIsFrameworkFree =
      noClasses()
          .that()
          .resideInAnyPackage(
              "io.datapipeline.operator.controller..",
              "io.datapipeline.operator.tenancy..",
              "io.datapipeline.operator.deploy..",
              "io.datapipeline.operator.status..",
              "io.datapipeline.operator.observe..",
              "io.datapipeline.operator.ports..",
              "io.datapipeline.operator.cloudformation..")
          .should()
          .dependOnClassesThat()
          .resideInAnyPackage(
              AWS_SDK,
              KUBERNETES_CLIENT,
              OPERATOR_FRAMEWORK,
              "io.datapipeline.operator.aws..",
              "io.datapipeline.operator.kubernetes..")
          .because("reconcile logic is tested with fakes, without the framework or the SDK");

  @ArchTest
  static final ArchRule onlyTheEntryPointsKnowTheWiring =
      noClasses()
          .that()
          .resideOutsideOfPackages("io.datapipeline.operator.app..", "io.datapipeline.cli..")
          .should()
          .dependOnClassesThat()
          .resideInAPackage("io.datapipeline.operator.app..")
          .because("the application wires the graph; nothing it wires reaches back up to it");

  @ArchTest
  static final ArchRule operatorPackagesFormNoCycle =
      slices().matching("io.datapipeline.operator.(*)..").should().beFreeOfCycles();

  @ArchTest
  static final ArchRule topLevelPackagesFormNoCycle =
      slices().matching("io.datapipeline.(*)..").should().beFreeOfCycles();
}
