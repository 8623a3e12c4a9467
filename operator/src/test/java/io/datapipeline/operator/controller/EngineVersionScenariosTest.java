package io.datapipeline.operator.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.app.OperatorConfig;
import io.datapipeline.operator.app.Renderers;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.testing.FakeCloudFormation;
import io.datapipeline.operator.testing.Harness;
import io.datapipeline.operator.testing.TestPlans;
import io.datapipeline.render.Component;
import io.datapipeline.render.Examples;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.List;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Table-driven: engine version edits of a deployed pipeline (17.6) reaching the operator without
 * admission. Minor and major upgrades update the database stack; a major downgrade is refused with
 * no call.
 */
class EngineVersionScenariosTest {

  record Scenario(String to, boolean refused) {
    @Override
    public String toString() {
      return "17.6 -> " + to + (refused ? " refused" : " applied");
    }
  }

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario("17.7", false), new Scenario("18.1", false), new Scenario("16.9", true));
  }

  /** The test plan with the engine version as a parameter of the database stack. */
  static StackPlan withEngineVersion(DataPipeline p) {
    return TestPlans.plan(p)
        .withStack(
            0,
            db -> {
              var parameters = new TreeMap<>(db.parameters());
              parameters.put(
                  "EngineVersion", ParameterValue.literal(p.getSpec().database.engineVersion));
              return db.withTemplateBody(
                      db.templateBody()
                          .replace(
                              "\"Parameters\":{",
                              "\"Parameters\":{\"EngineVersion\":{\"Type\":\"String\"},"))
                  .withParameters(parameters);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void engineVersionChange(Scenario s) {
    Harness h = new Harness();
    DataPipeline p = TestPlans.pipeline("team-a", "orders", "uid-1");
    h.renderer = EngineVersionScenariosTest::withEngineVersion;
    h.reconcileUntilReady(p);
    assertThat(p.getStatus().databaseEngineVersion).isEqualTo("17.6");
    h.cfn.clearCalls();

    p.getSpec().database.engineVersion = s.to();
    p.getMetadata().setGeneration(2L);
    if (s.refused()) {
      h.reconcile(p);
      assertThat(Harness.condition(p, "Stalled").reason).isEqualTo("InvalidSpec");
      assertThat(Harness.condition(p, "Ready").message)
          .startsWith("spec.database.engineVersion: 16.9 is an older major version");
      assertThat(h.cfn.mutatingCalls()).isEmpty();
      assertThat(p.getStatus().databaseEngineVersion).isEqualTo("17.6");
      return;
    }
    h.reconcileUntilReady(p);
    String database = TestPlans.stackName(p, Component.DATABASE);
    assertThat(h.cfn.mutatingCalls())
        .extracting(FakeCloudFormation.Call::operation)
        .containsExactly("CreateChangeSet", "ExecuteChangeSet");
    assertThat(h.cfn.parameters(database)).containsEntry("EngineVersion", s.to());
    assertThat(p.getStatus().databaseEngineVersion).isEqualTo(s.to());
  }

  /**
   * With the production renderer: the change set of a major upgrade sets AllowMajorVersionUpgrade,
   * the one after it (status records the new version) and the first deployment do not.
   */
  @org.junit.jupiter.api.Test
  void onlyTheMajorUpgradesChangeSetAllowsAMajorUpgrade() throws Exception {
    Harness h = new Harness();
    PlanRenderer production = Renderers.forConfig(OperatorConfig.defaults());
    h.planRenderer = production;
    DataPipeline p = Examples.load("minimal");
    p.getMetadata().setUid("uid-1");
    p.getMetadata().setGeneration(1L);
    p.getSpec().database.engineVersion = "17.6";
    h.reconcileUntilReady(p);
    // The production renderer's name (the naming scheme's), as the status records it.
    String database =
        p.getStatus().stacks.stream()
            .filter(st -> Component.DATABASE.id().equals(st.component))
            .findFirst()
            .orElseThrow()
            .stackName;
    assertThat(allowsMajorUpgrade(h, database, 0)).as("first deployment").isFalse();

    p.getSpec().database.engineVersion = "18.1";
    p.getMetadata().setGeneration(2L);
    h.reconcileUntilReady(p);
    assertThat(allowsMajorUpgrade(h, database, 1)).as("17.6 -> 18.1").isTrue();
    assertThat(p.getStatus().databaseEngineVersion).isEqualTo("18.1");

    p.getMetadata().setGeneration(3L);
    h.reconcileUntilReady(p);
    assertThat(requests(h, database)).hasSize(3);
    assertThat(allowsMajorUpgrade(h, database, 2)).as("after the upgrade").isFalse();
  }

  private static List<ChangeSetRequest> requests(Harness h, String stackName) {
    return h.cfn.changeSetRequests().stream().filter(r -> r.stackName().equals(stackName)).toList();
  }

  private static boolean allowsMajorUpgrade(Harness h, String stackName, int changeSet)
      throws Exception {
    String body = requests(h, stackName).get(changeSet).templateBody();
    return CanonicalJson.mapper()
        .readTree(body)
        .at("/Resources/Database/Properties/AllowMajorVersionUpgrade")
        .asBoolean();
  }
}
