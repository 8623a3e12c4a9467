package io.datapipeline.operator.controller;

import static io.datapipeline.operator.testing.Harness.condition;
import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.NamingScheme;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.Renderers;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.render.Component;
import io.datapipeline.render.Examples;
import io.datapipeline.render.Names;
import io.datapipeline.render.PipelineIdentity;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stack names nobody can squat, and no rename under a running pipeline: the real renderer and
 * controller over the in-memory CloudFormation.
 */
class NamingSchemeTest {

  final Harness h = new Harness();
  final PlanRenderer production = Renderers.forConfig(OperatorConfig.defaults());

  @BeforeEach
  void currentOperator() {
    h.planRenderer = production;
    h.newOperatorProcess();
  }

  /** Deploys {@code p} with the operator version before recorded names: legacy names. */
  void deployedByTheOperatorBeforeRecordedNames(DataPipeline p) {
    h.planRenderer = (pipeline, region, account, boundary) -> legacy(production, pipeline, region);
    h.newOperatorProcess();
    h.reconcileUntilReady(p);
    assertThat(h.cfn.stackNames()).contains(Names.legacyName(identity(p), "database"));
  }

  static DataPipeline pipeline(String namespace, String name, String uid) {
    DataPipeline p = Examples.load("minimal");
    p.getMetadata().setNamespace(namespace);
    p.getMetadata().setName(name);
    p.getMetadata().setUid(uid);
    p.getMetadata().setGeneration(1L);
    p.getSpec().aws.roleArn = null;
    return p;
  }

  static PipelineIdentity identity(DataPipeline p) {
    var m = p.getMetadata();
    return new PipelineIdentity(m.getNamespace(), m.getName(), m.getUid());
  }

  @Test
  void aNewPipelineIsDeployedWithHashedNamesAndRecordsThem() {
    DataPipeline p = pipeline("team-a", "orders", "uid-a");

    h.reconcileUntilReady(p);

    PipelineIdentity id = identity(p);
    Set<String> expected = new TreeSet<>();
    for (StackStatus s : p.getStatus().stacks) {
      assertThat(s.stackName).isEqualTo(Names.hashedName(id, s.component));
      expected.add(s.stackName);
    }
    assertThat(h.cfn.stackNames()).containsAll(expected);
    var names = p.getStatus().names;
    assertThat(names.scheme).isEqualTo(NamingScheme.Hashed);
    assertThat(new TreeSet<>(names.stacks.values())).isEqualTo(expected);
    assertThat(names.bucket).isEqualTo(Names.defaultBucketName(id));
    assertThat(names.dashboardCluster).isEqualTo(Names.hashedName(id, "grafana"));
  }

  @Test
  void theSquattingPairDeploysSideBySideInOneAccount() {
    DataPipeline first = pipeline("team-a", "orders", "uid-1");
    DataPipeline second = pipeline("team", "a-orders", "uid-2");

    h.reconcileUntilReady(first);
    h.reconcileUntilReady(second);

    Set<String> firstNames = stackNames(first);
    Set<String> secondNames = stackNames(second);
    assertThat(firstNames).isNotEmpty().doesNotContainAnyElementsOf(secondNames);
    assertThat(first.getStatus().names.dashboardCluster)
        .isNotEqualTo(second.getStatus().names.dashboardCluster);
    assertThat(condition(first, "Ready").status).isEqualTo("True");
    assertThat(condition(second, "Ready").status).isEqualTo("True");
  }

  @Test
  void aPipelineDeployedBeforeNamesWereRecordedKeepsItsStacksAndIsNotUpdated() {
    DataPipeline p = pipeline("team-a", "orders", "uid-a");
    // The operator version before recorded names: legacy names everywhere, status.names absent.
    deployedByTheOperatorBeforeRecordedNames(p);
    Set<String> deployed = Set.copyOf(h.cfn.stackNames());
    Map<String, String> before = stackIds(p);
    assertThat(p.getStatus().names).isNull();
    assertThat(before.keySet()).allSatisfy(n -> assertThat(n).doesNotContain(hash(p)));
    h.cfn.clearCalls();

    // Upgraded.
    currentOperator();
    h.reconcileUntilReady(p);
    h.reconcile(p);

    assertThat(h.cfn.stackNames()).isEqualTo(deployed);
    assertThat(stackIds(p)).isEqualTo(before);
    assertThat(h.cfn.mutatingCalls()).as("the same templates: nothing to change").isEmpty();
    var names = p.getStatus().names;
    assertThat(names.scheme).isEqualTo(NamingScheme.Legacy);
    assertThat(new TreeSet<>(names.stacks.values())).isEqualTo(before.keySet());
    assertThat(names.dashboardCluster).isEqualTo("dp-team-a-orders-grafana");
  }

  @Test
  void aLegacyPipelineWhoseStatusWasLostIsFoundUnderItsLegacyNames() {
    DataPipeline p = pipeline("team-a", "orders", "uid-a");
    deployedByTheOperatorBeforeRecordedNames(p);
    Set<String> deployed = Set.copyOf(h.cfn.stackNames());

    currentOperator();
    p.setStatus(null);
    h.reconcileUntilReady(p);

    assertThat(h.cfn.stackNames()).as("no second deployment").isEqualTo(deployed);
    assertThat(p.getStatus().names.scheme).isEqualTo(NamingScheme.Legacy);
    assertThat(stackNames(p)).allSatisfy(n -> assertThat(n).doesNotContain(hash(p)));
  }

  @Test
  void aStackSquattingTheLegacyNameNeitherBlocksNorMisleadsANewPipeline() {
    // team/a-orders was deployed under the legacy scheme and holds dp-team-a-orders-*.
    DataPipeline squatter = pipeline("team", "a-orders", "uid-squatter");
    deployedByTheOperatorBeforeRecordedNames(squatter);
    assertThat(h.cfn.stackNames()).contains("dp-team-a-orders-database");

    currentOperator();
    DataPipeline p = pipeline("team-a", "orders", "uid-a");
    h.reconcileUntilReady(p);

    assertThat(p.getStatus().names.scheme).isEqualTo(NamingScheme.Hashed);
    assertThat(stackNames(p))
        .isNotEmpty()
        .allSatisfy(n -> assertThat(n).contains(hash(p)))
        .doesNotContainAnyElementsOf(stackNames(squatter));
  }

  @Test
  void aLegacyPipelineIsDeletedUnderItsLegacyNames() {
    DataPipeline p = pipeline("team-a", "orders", "uid-a");
    deployedByTheOperatorBeforeRecordedNames(p);

    currentOperator();
    h.deleteUntilDone(p);

    assertThat(h.cfn.stackNames()).allSatisfy(n -> assertThat(n).doesNotStartWith("dp-"));
  }

  private static String hash(DataPipeline p) {
    return Names.identityHash(identity(p));
  }

  private static Set<String> stackNames(DataPipeline p) {
    return new TreeSet<>(stackIds(p).keySet());
  }

  private static Map<String, String> stackIds(DataPipeline p) {
    Map<String, String> ids = new TreeMap<>();
    p.getStatus().stacks.forEach(s -> ids.put(s.stackName, s.stackId));
    return ids;
  }

  /**
   * What the operator rendered before names were recorded: every stack and the Grafana cluster
   * named {@code dp-<namespace>-<name>-<component>}, and no names to record.
   */
  private static StackPlan legacy(PlanRenderer renderer, DataPipeline pipeline, String region) {
    DataPipeline fresh = copyWithoutStatus(pipeline);
    StackPlan plan = renderer.render(fresh, region, () -> "123456789012");
    PipelineIdentity id = identity(pipeline);
    String hashedCluster = Names.hashedName(id, "grafana");
    String legacyCluster = Names.legacyName(id, "grafana");
    List<StackSpec> stacks =
        plan.stacks().stream()
            .map(
                s ->
                    new StackSpec(
                        s.component(),
                        Names.legacyName(id, s.component().id()),
                        s.templateBody().replace(hashedCluster, legacyCluster),
                        s.parameters(),
                        s.tags(),
                        s.dependsOn(),
                        s.capabilities()))
            .toList();
    assertThat(stacks).extracting(StackSpec::component).contains(Component.DASHBOARD);
    return new StackPlan(stacks, plan.artifacts());
  }

  private static DataPipeline copyWithoutStatus(DataPipeline pipeline) {
    DataPipeline copy = new DataPipeline();
    copy.setMetadata(pipeline.getMetadata());
    copy.setSpec(pipeline.getSpec());
    return copy;
  }
}
