package io.datapipeline.operator.controller;

import static io.datapipeline.operator.testing.Harness.condition;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.Renderers;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.operator.tenancy.EnforcedAccess;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.InMemoryTenants;
import io.datapipeline.operator.testing.Tenants;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Examples;
import io.datapipeline.render.ImageTemplate;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TENANCY=Enforced in the controller: refused pipelines make no AWS call; grants shape the calls.
 */
class TenancyControllerTest {

  static final String ROLE_A = "arn:aws:iam::111111111111:role/datapipeline-team-a";
  static final String CFN_A = "arn:aws:iam::111111111111:role/cfn-team-a";
  static final String ROLE_B = "arn:aws:iam::222222222222:role/datapipeline-team-b";

  final Harness h = new Harness();
  final InMemoryTenants tenants = new InMemoryTenants();

  @BeforeEach
  void enforce() {
    tenants.tenants.add(tenant("team-a", ROLE_A, CFN_A, "team-a-7f3c"));
    tenants.tenants.add(tenant("team-b", ROLE_B, null, null));
    h.access = new EnforcedAccess(tenants);
    h.newOperatorProcess();
  }

  /** The tenant of the namespace of its own name, granted {@code role} in eu-west-1. */
  static DataPipelineTenant tenant(String name, String role, String cfn, String externalId) {
    DataPipelineTenant t = Tenants.plainTenant(name, name, role, "eu-west-1");
    t.getSpec().aws.cloudFormationRoleArn = cfn;
    t.getSpec().aws.externalId = externalId;
    return t;
  }

  /**
   * Team-a's converter images restricted to its ECR repository, and a restarted operator whose
   * default converter image (CONVERTER_IMAGE) is {@code defaultImage}.
   */
  private void teamAsImagesAllowListedWithTheDefault(String defaultImage) {
    tenants.tenants.get(0).getSpec().converterImageRepositories =
        List.of("111111111111.dkr.ecr.*.amazonaws.com/datapipeline-converter");
    h.access = new EnforcedAccess(tenants, ImageTemplate.parse(defaultImage));
    h.newOperatorProcess();
  }

  @Test
  void theTenantsPermissionsBoundaryIsOnEveryRoleThePipelineDeploys() throws Exception {
    String boundary = "arn:aws:iam::111111111111:policy/dp-boundary";
    tenants.tenants.get(0).getSpec().aws.permissionsBoundaryArn = boundary;
    PlanRenderer production = Renderers.forConfig(OperatorConfig.defaults());
    List<String> asked = new ArrayList<>();
    List<StackPlan> rendered = new ArrayList<>();
    h.planRenderer =
        (pipeline, region, account, given) -> {
          asked.add(given);
          StackPlan plan = production.render(pipeline, region, account, given);
          rendered.add(plan);
          return plan;
        };
    h.newOperatorProcess();
    DataPipeline p = Examples.load("minimal");
    p.getMetadata().setNamespace("team-a");
    p.getMetadata().setUid("uid-a");
    p.getMetadata().setGeneration(1L);
    p.getSpec().aws.region = "eu-west-1";
    p.getSpec().aws.roleArn = null;

    h.reconcileUntilReady(p);

    assertThat(asked).isNotEmpty().containsOnly(boundary);
    List<JsonNode> roles = new ArrayList<>();
    for (StackSpec stack : rendered.get(rendered.size() - 1).stacks()) {
      JsonNode template = CanonicalJson.mapper().readTree(stack.templateBody());
      template
          .path("Resources")
          .forEach(
              r -> {
                if (r.path("Type").asText().equals("AWS::IAM::Role")) {
                  roles.add(r.path("Properties"));
                }
              });
    }
    assertThat(roles)
        .hasSize(3)
        .allSatisfy(r -> assertThat(r.path("PermissionsBoundary").asText()).isEqualTo(boundary));
  }

  @Test
  void aPermittedPipelineActsWithItsTenantsRoleSessionAndServiceRole() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");

    h.reconcileUntilReady(p);

    assertThat(h.targets)
        .isNotEmpty()
        .containsOnly(
            new AwsTarget(
                "eu-west-1", ROLE_A, "team-a-7f3c", new AwsTarget.Caller("team-a", "orders")));
    assertThat(h.cfn.changeSetRequests())
        .isNotEmpty()
        .extracting(ChangeSetRequest::roleArn)
        .containsOnly(CFN_A);
  }

  @Test
  void anotherTenantsRoleIsNotPermittedAndNoAwsSessionIsMade() {
    DataPipeline p = TestPlans.pipeline("team-b", "orders", "uid-b");
    p.getSpec().aws.roleArn = ROLE_A;

    h.reconcileWithoutPoll(p);

    assertThat(h.targets).isEmpty();
    assertThat(h.cfn.calls()).isEmpty();
    assertThat(condition(p, "Ready").status).isEqualTo("False");
    assertThat(condition(p, "Stalled").status).isEqualTo("True");
    assertThat(condition(p, "Stalled").reason).isEqualTo("NotPermitted");
    assertThat(condition(p, "Stalled").message)
        .contains("spec.aws.roleArn", ROLE_B)
        .doesNotContain("team-a-7f3c", CFN_A);
    assertThat(h.notices)
        .singleElement()
        .satisfies(
            n -> {
              assertThat(n.warning()).isTrue();
              assertThat(n.reason()).isEqualTo(Reason.NOT_PERMITTED);
            });
  }

  @Test
  void theOperatorsDefaultImageOutsideTheAllowListIsNotPermittedWithoutAnAwsCall() {
    teamAsImagesAllowListedWithTheDefault("ghcr.io/example/datapipeline-converter:{region}");
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");
    p.getSpec().converter.image = null;

    h.reconcileWithoutPoll(p);

    assertThat(h.targets).isEmpty();
    assertThat(h.accountLookups).isEmpty();
    assertThat(h.cfn.calls()).isEmpty();
    assertThat(condition(p, "Stalled").reason).isEqualTo("NotPermitted");
    assertThat(condition(p, "Stalled").message)
        .contains(
            "spec.converter.image",
            "CONVERTER_IMAGE",
            "repository ghcr.io/example/datapipeline-converter,");
  }

  @Test
  void theOperatorsDefaultImageFromAnAllowedRepositoryIsPermitted() {
    teamAsImagesAllowListedWithTheDefault(
        "{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:1.0.0");
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");

    h.reconcileUntilReady(p);

    assertThat(condition(p, "Ready").status).isEqualTo("True");
  }

  @Test
  void aNamespaceWithoutTenantIsNotPermitted() {
    DataPipeline p = TestPlans.pipeline("team-z", "orders", "uid-z");

    h.reconcileWithoutPoll(p);

    assertThat(h.targets).isEmpty();
    assertThat(h.cfn.calls()).isEmpty();
    assertThat(condition(p, "Stalled").reason).isEqualTo("NotPermitted");
    assertThat(condition(p, "Stalled").message).contains("team-z", "no DataPipelineTenant");
  }

  @Test
  void aGrantRemovedStallsThePipelineAndLeavesItsStacksAlone() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");
    h.reconcileUntilReady(p);
    List<String> stacks = h.cfn.stackNames().stream().sorted().toList();
    int callsBefore = h.cfn.calls().size();
    int targetsBefore = h.targets.size();

    tenants.tenants.removeIf(t -> t.getMetadata().getName().equals("team-a"));
    h.reconcileWithoutPoll(p);

    assertThat(condition(p, "Stalled").reason).isEqualTo("NotPermitted");
    assertThat(condition(p, "Ready").status).isEqualTo("False");
    assertThat(h.cfn.calls()).hasSize(callsBefore);
    assertThat(h.targets).hasSize(targetsBefore);
    assertThat(h.cfn.stackNames().stream().sorted().toList()).isEqualTo(stacks);
    assertThat(p.getStatus().stacks).as("the stacks stay on record").hasSize(stacks.size());
  }

  @Test
  void deletingARefusedPipelineTouchesNoStackAndKeepsTheFinalizer() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");
    h.reconcileUntilReady(p);
    int callsBefore = h.cfn.calls().size();
    tenants.tenants.clear();

    PipelineController.Cleanup cleanup = h.controller.cleanup(p);

    assertThat(cleanup.done()).isFalse();
    assertThat(h.cfn.calls()).hasSize(callsBefore);
    assertThat(cleanup.notices()).extracting(n -> n.reason()).containsExactly(Reason.NOT_PERMITTED);
  }

  @Test
  void thePlaceRecordedIsTheGrantedRolesAndHoldsOnTheNextReconcile() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");
    h.reconcileUntilReady(p);

    h.reconcile(p);

    assertThat(p.getStatus().placement.roleArn).isEqualTo(ROLE_A);
    assertThat(condition(p, "Ready").status).isEqualTo("True");
  }

  @Test
  void aTenantRoleMovedToAnotherAccountNeitherDeploysNorDeletesElsewhere() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");
    h.reconcileUntilReady(p);
    int callsBefore = h.cfn.calls().size();
    tenants.tenants.set(0, tenant("team-a", ROLE_B, null, "team-a-7f3c"));
    h.targets.clear();

    h.reconcileWithoutPoll(p);

    assertThat(condition(p, "Stalled").status).isEqualTo("True");
    assertThat(condition(p, "Stalled").message).contains("spec.aws.roleArn", "111111111111");
    assertThat(h.targets).isEmpty();
    PipelineController.Cleanup cleanup = h.controller.cleanup(p);
    assertThat(cleanup.done()).as("the finalizer stays: the stacks are elsewhere").isFalse();
    assertThat(cleanup.notices()).extracting(n -> n.reason()).containsExactly(Reason.NOT_PERMITTED);
    assertThat(h.cfn.calls()).hasSize(callsBefore);
    assertThat(h.targets).isEmpty();
  }

  @Test
  void stacksDeployedWithTheOperatorsIdentityCarryOnWithTheTenantsRole() {
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-a");
    Harness open = new Harness();
    open.reconcileUntilReady(p);
    assertThat(p.getStatus().placement.roleArn).isNull();

    // Now under TENANCY=Enforced (this harness's fake account is another one; what is tested is
    // that the placement recorded with the operator's own identity does not refuse the role).
    h.reconcileUntilReady(p);

    assertThat(p.getStatus().placement.roleArn).isEqualTo(ROLE_A);
    assertThat(condition(p, "Ready").status).isEqualTo("True");
  }
}
