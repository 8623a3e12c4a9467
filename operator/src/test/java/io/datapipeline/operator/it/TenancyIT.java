package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.testing.Tenants;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;

/**
 * TENANCY=Enforced end to end: the fabric8 mock API server as Kubernetes, moto as two AWS accounts
 * (reached, as on AWS, through STS AssumeRole of a role in each), the operator as the sandbox
 * starts it. Every AWS request the operator sends is counted by an SDK interceptor.
 */
@EnableKubernetesMockClient(crud = true)
@ExtendWith(MotoExtension.class)
class TenancyIT {

  static final String ACCOUNT_A = "111111111111";
  static final String ACCOUNT_B = "222222222222";
  static final String ROLE_A = "arn:aws:iam::" + ACCOUNT_A + ":role/datapipeline-team-a";
  static final String ROLE_B = "arn:aws:iam::" + ACCOUNT_B + ":role/datapipeline-team-b";
  static final Set<String> NAMESPACES = Set.of("tenant-a", "tenant-b", "tenant-none");

  static KubernetesClient client;

  @RegisterExtension
  static final OperatorFixture operator =
      new OperatorFixture(() -> client, OperatorFixture.PIPELINE_CRD, OperatorFixture.TENANT_CRD);

  private final AwsCallRecorder recorder = new AwsCallRecorder();
  private final List<AssumeRoleRequest> assumeRoles = new CopyOnWriteArrayList<>();
  private final ExecutionInterceptor assumeRoleRecorder =
      new ExecutionInterceptor() {
        @Override
        public void beforeExecution(
            Context.BeforeExecution context, ExecutionAttributes attributes) {
          if (context.request() instanceof AssumeRoleRequest request) {
            assumeRoles.add(request);
          }
        }
      };

  @BeforeEach
  void tenants(MotoAws aws) {
    client.resources(DataPipelineTenant.class).delete();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> client.resources(DataPipelineTenant.class).list().getItems().isEmpty());
    createTenant("team-a", "tenant-a", ROLE_A, aws.region().id(), "team-a-ext");
    createTenant("team-b", "tenant-b", ROLE_B, aws.region().id(), null);
  }

  @AfterEach
  void removePipelines() {
    operator.closeOperators();
    // Gone for good before the next test's operator starts (moto is reset between tests): no
    // finalizer left to make that operator delete stacks and so send requests of its own.
    for (String ns : NAMESPACES) {
      for (DataPipeline p :
          client.resources(DataPipeline.class).inNamespace(ns).list().getItems()) {
        operator.edit(p, d -> d.getMetadata().setFinalizers(List.of()));
        client
            .resources(DataPipeline.class)
            .inNamespace(ns)
            .withName(p.getMetadata().getName())
            .delete();
      }
      await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  client.resources(DataPipeline.class).inNamespace(ns).list().getItems().isEmpty());
    }
  }

  private void startOperator(MotoAws aws) {
    operator.start(
        OperatorFixture.config(aws, NAMESPACES)
            .with(OperatorConfig.TENANCY, OperatorConfig.TENANCY_ENFORCED),
        MotoPlans::plan,
        List.of(recorder, assumeRoleRecorder));
  }

  private static void createTenant(
      String name, String namespace, String role, String region, String externalId) {
    DataPipelineTenant t = Tenants.plainTenant(name, namespace, role, region);
    t.getSpec().aws.externalId = externalId;
    client.resource(t).create();
  }

  private static DataPipeline newPipeline(String namespace, String roleArn) {
    return operator.newPipeline(namespace, p -> p.getSpec().aws.roleArn = roleArn);
  }

  /** CloudFormation in the account of {@code role}, reached as the operator reaches it. */
  private static CloudFormationClient cloudFormationAs(MotoAws aws, String role) {
    StsClient sts = aws.client(StsClient.builder());
    AwsCredentialsProvider assumed =
        StsAssumeRoleCredentialsProvider.builder()
            .stsClient(sts)
            .refreshRequest(r -> r.roleArn(role).roleSessionName("tenancy-it"))
            .build();
    return aws.configure(CloudFormationClient.builder()).credentialsProvider(assumed).build();
  }

  private static String stackStatus(CloudFormationClient cfn, String stackName) {
    try {
      return cfn.describeStacks(r -> r.stackName(stackName)).stacks().get(0).stackStatusAsString();
    } catch (CloudFormationException e) {
      return "absent: " + e.awsErrorDetails().errorMessage();
    }
  }

  @Test
  void tenantAsPipelineIsReadyInItsOwnAccountAsItsOwnSession(MotoAws aws) throws IOException {
    startOperator(aws);
    DataPipeline p = newPipeline("tenant-a", null);

    operator.awaitCondition(p, "Ready", "True");

    String stack = TestPlans.stackName(p, Component.DATABASE);
    assertThat(stackStatus(cloudFormationAs(aws, ROLE_A), stack)).isEqualTo("CREATE_COMPLETE");
    assertThat(stackStatus(aws.client(CloudFormationClient.builder()), stack))
        .as("nothing in the operator's own account")
        .startsWith("absent");
    assertThat(stackStatus(cloudFormationAs(aws, ROLE_B), stack)).startsWith("absent");
    assertThat(assumeRoles)
        .isNotEmpty()
        .allSatisfy(
            r -> {
              assertThat(r.roleArn()).isEqualTo(ROLE_A);
              assertThat(r.roleSessionName()).isEqualTo("dp-tenant-a-" + p.getMetadata().getName());
              assertThat(r.externalId()).isEqualTo("team-a-ext");
              assertThat(r.tags())
                  .extracting(t -> t.key() + "=" + t.value())
                  .containsExactlyInAnyOrder(
                      "datapipeline.io/namespace=tenant-a",
                      "datapipeline.io/name=" + p.getMetadata().getName());
            });
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () -> {
              DataPipelineTenant a =
                  client.resources(DataPipelineTenant.class).withName("team-a").get();
              assertThat(a.getStatus()).isNotNull();
              assertThat(a.getStatus().pipelines).isEqualTo(1);
              assertThat(a.getStatus().conditions)
                  .singleElement()
                  .satisfies(c -> assertThat(c.status).isEqualTo("True"));
            });
  }

  @Test
  void aPipelineNamingAnotherTenantsRoleMakesNoAwsRequestAtAll(MotoAws aws) throws IOException {
    startOperator(aws);
    DataPipeline p = newPipeline("tenant-b", ROLE_A);

    Condition stalled = awaitRefused(p);

    assertThat(stalled.message).contains("spec.aws.roleArn", ROLE_B).doesNotContain("team-a-ext");
    assertThat(operator.condition(p, "Ready").status).isEqualTo("False");
    assertThat(
            stackStatus(cloudFormationAs(aws, ROLE_A), TestPlans.stackName(p, Component.DATABASE)))
        .startsWith("absent");
  }

  @Test
  void aPipelineInANamespaceNoTenantCoversMakesNoAwsRequest(MotoAws aws) throws IOException {
    startOperator(aws);
    DataPipeline p = newPipeline("tenant-none", null);

    Condition stalled = awaitRefused(p);

    assertThat(stalled.message).contains("tenant-none", "no DataPipelineTenant covers it");
  }

  @Test
  void aGrantRemovedStallsThePipelineAtOnceAndLeavesItsStacksAlone(MotoAws aws) throws IOException {
    startOperator(aws);
    DataPipeline p = newPipeline("tenant-a", null);
    operator.awaitCondition(p, "Ready", "True");
    CloudFormationClient cfnA = cloudFormationAs(aws, ROLE_A);
    List<String> stacks =
        List.of(Component.DATABASE, Component.TABLE, Component.CONVERTER, Component.STORAGE)
            .stream()
            .map(c -> TestPlans.stackName(p, c))
            .toList();
    recorder.clear();

    client.resources(DataPipelineTenant.class).withName("team-a").delete();

    Condition stalled = operator.awaitCondition(p, "Stalled", "True");
    assertThat(stalled.reason).isEqualTo("NotPermitted");
    assertThat(operator.condition(p, "Ready").status).isEqualTo("False");
    assertThat(recorder.mutating()).as("no stack touched after the grant went").isEmpty();
    for (String stack : stacks) {
      assertThat(stackStatus(cfnA, stack)).as(stack).isEqualTo("CREATE_COMPLETE");
    }
    // Its session is closed: after the poll in flight, the operator is silent for it.
    await()
        .atMost(Duration.ofSeconds(10))
        .pollDelay(Duration.ofSeconds(2))
        .untilAsserted(
            () -> {
              int before = recorder.calls().size();
              Thread.sleep(2500);
              assertThat(recorder.calls()).hasSize(before);
            });
  }

  @Test
  void aConnectionSecretOfThatNameNotOwnedByThePipelineIsLeftAloneAndStalls(MotoAws aws)
      throws IOException {
    String name = "orders-" + UUID.randomUUID().toString().substring(0, 8);
    Secret theirs =
        client
            .resource(
                new SecretBuilder()
                    .withNewMetadata()
                    .withNamespace("tenant-a")
                    .withName(name + "-connection")
                    .endMetadata()
                    .addToStringData("password", "not the operator's")
                    .build())
            .create();
    startOperator(aws);
    DataPipeline p = OperatorFixture.example("minimal");
    p.getMetadata().setNamespace("tenant-a");
    p.getMetadata().setName(name);
    p = operator.create(p);

    Condition stalled = operator.awaitCondition(p, "Stalled", "True");

    assertThat(stalled.reason).isEqualTo("SecretConflict");
    assertThat(stalled.message).contains(name + "-connection", "not owned");
    assertThat(operator.condition(p, "Ready").status).isEqualTo("False");
    Secret now = client.secrets().inNamespace("tenant-a").withName(name + "-connection").get();
    assertThat(now.getMetadata().getOwnerReferences()).isNullOrEmpty();
    assertThat(now.getData()).isEqualTo(client.resource(theirs).get().getData());
    assertThat(now.getData()).doesNotContainKey("bucketName");
    assertThat(warningEvents(p)).contains("SecretConflict");
    client.resource(theirs).delete();
  }

  /**
   * Waits until {@code p} is Stalled as NotPermitted with a Warning Event, and asserts that no AWS
   * request was made for it; returns the Stalled condition.
   */
  private Condition awaitRefused(DataPipeline p) {
    Condition stalled = operator.awaitCondition(p, "Stalled", "True");
    assertThat(stalled.reason).isEqualTo("NotPermitted");
    assertThat(recorder.calls()).as("AWS requests made for the refused pipeline").isEmpty();
    assertThat(warningEvents(p)).contains("NotPermitted");
    return stalled;
  }

  /**
   * The reasons of the Warning Events about {@code p}: the tests share namespaces, and an earlier
   * test's Events there must not answer for this one's pipeline.
   */
  private static List<String> warningEvents(DataPipeline p) {
    return client
        .v1()
        .events()
        .inNamespace(p.getMetadata().getNamespace())
        .list()
        .getItems()
        .stream()
        .filter(e -> p.getMetadata().getName().equals(e.getInvolvedObject().getName()))
        .filter(e -> "Warning".equals(e.getType()))
        .map(e -> e.getReason())
        .toList();
  }
}
