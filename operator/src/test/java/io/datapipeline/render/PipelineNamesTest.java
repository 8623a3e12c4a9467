package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineStatus;
import io.datapipeline.api.v1alpha1.NamingScheme;
import io.datapipeline.api.v1alpha1.Placement;
import io.datapipeline.api.v1alpha1.ResourceNames;
import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PipelineNamesTest {

  static final PipelineIdentity TEAM_A_ORDERS = new PipelineIdentity("team-a", "orders", "uid-1");
  static final PipelineIdentity TEAM_A_DASH_ORDERS =
      new PipelineIdentity("team", "a-orders", "uid-2");

  /** Every name the pipeline's stacks give AWS, over all components and the Grafana cluster. */
  static List<String> awsNames(PipelineNames names) {
    List<String> all = new ArrayList<>();
    for (Component c : Component.values()) {
      all.add(names.stackName(c));
    }
    all.add(names.dashboardClusterName());
    return all;
  }

  @Test
  void theSquattingExampleGivesTwoDifferentSetsOfNames() {
    // The legacy scheme is ambiguous: this is the collision the hashed one removes.
    assertThat(Names.legacyName(TEAM_A_ORDERS, "database"))
        .isEqualTo(Names.legacyName(TEAM_A_DASH_ORDERS, "database"))
        .isEqualTo("dp-team-a-orders-database");

    List<String> a = awsNames(PipelineNames.fresh(TEAM_A_ORDERS));
    List<String> b = awsNames(PipelineNames.fresh(TEAM_A_DASH_ORDERS));

    assertThat(a).doesNotHaveDuplicates().doesNotContainAnyElementsOf(b);
    assertThat(PipelineNames.fresh(TEAM_A_ORDERS).stackName(Component.DATABASE))
        .isEqualTo(
            "dp-team-a-orders-" + Names.sha256Hex("team-a/orders").substring(0, 16) + "-database");
  }

  @Test
  void hashedNamesDependOnNamespaceAndNameOnly() {
    PipelineIdentity recreated = new PipelineIdentity("team-a", "orders", "another-uid");
    assertThat(awsNames(PipelineNames.fresh(recreated)))
        .isEqualTo(awsNames(PipelineNames.fresh(TEAM_A_ORDERS)));
    // The bucket, global across accounts, is unique per incarnation through the uid instead.
    assertThat(PipelineNames.fresh(recreated).defaultBucketName())
        .isNotEqualTo(PipelineNames.fresh(TEAM_A_ORDERS).defaultBucketName());
  }

  @ParameterizedTest(name = "{0}/{1}")
  @CsvSource({
    "a, b",
    "team-a, orders.v2",
    // Kubernetes' limits: a namespace is a 63-character label, a name a 253-character subdomain.
    "nnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnnn,"
        + " a-very-long-pipeline-name.a-very-long-pipeline-name.a-very-long-pipeline-name."
        + "a-very-long-pipeline-name.a-very-long-pipeline-name.a-very-long-pipeline-name."
        + "a-very-long-pipeline-name.a-very-long-pipeline-name.a-very-long-pipeline-name.end12",
    "team-, -orders",
  })
  void everyNameIsWithinItsAwsLimitsInBothSchemes(String namespace, String name) {
    PipelineIdentity id = new PipelineIdentity(namespace, name, "0f5e9c4e-uid");
    for (PipelineNames names :
        List.of(PipelineNames.fresh(id), PipelineNames.of(id, legacyStatus(id)))) {
      for (Component c : Component.values()) {
        // CloudFormation: 128 characters, a letter first, then letters, digits and hyphens.
        assertThat(names.stackName(c))
            .hasSizeLessThanOrEqualTo(Names.MAX_STACK_NAME)
            .matches("[a-zA-Z][-a-zA-Z0-9]*")
            .startsWith(BootstrapRenderer.STACK_NAME_PREFIX)
            .endsWith("-" + c.id());
      }
      // ECS cluster: 255 letters, digits, hyphens and underscores.
      assertThat(names.dashboardClusterName())
          .hasSizeLessThanOrEqualTo(255)
          .matches("[a-zA-Z0-9_-]+");
      // S3: 63 characters, lower case, DNS-compatible.
      assertThat(names.defaultBucketName())
          .hasSizeLessThanOrEqualTo(Names.MAX_BUCKET_NAME)
          .matches("[a-z0-9][a-z0-9-]*[a-z0-9]")
          .doesNotContain("--");
    }
  }

  @Test
  void longPairsThatShareTheirReadablePartStillDiffer() {
    String namespace = "n".repeat(63);
    PipelineIdentity a = new PipelineIdentity(namespace, "x".repeat(200) + "a", "u");
    PipelineIdentity b = new PipelineIdentity(namespace, "x".repeat(200) + "b", "u");
    String nameA = Names.hashedName(a, "database");
    String nameB = Names.hashedName(b, "database");
    int readable = "dp-".length() + Names.MAX_READABLE;
    assertThat(nameA.substring(0, readable)).isEqualTo(nameB.substring(0, readable));
    assertThat(nameA).isNotEqualTo(nameB);
  }

  @Test
  void everyNameOfAPipelineSharesOnePrefix() {
    PipelineNames names = PipelineNames.fresh(TEAM_A_ORDERS);
    String prefix = "dp-team-a-orders-" + Names.identityHash(TEAM_A_ORDERS) + "-";
    assertThat(awsNames(names)).allSatisfy(n -> assertThat(n).startsWith(prefix));
  }

  @Test
  void aPipelineNeverDeployedGetsTheHashedScheme() {
    assertThat(PipelineNames.of(TEAM_A_ORDERS, null).scheme()).isEqualTo(NamingScheme.Hashed);
    assertThat(PipelineNames.of(TEAM_A_ORDERS, new DataPipelineStatus()).scheme())
        .isEqualTo(NamingScheme.Hashed);
  }

  @Test
  void aStatusFromBeforeNamesWereRecordedKeepsTheLegacyNames() {
    DataPipelineStatus status = new DataPipelineStatus();
    status.stacks.add(stack("database", "dp-team-a-orders-database"));
    status.stacks.add(stack("converter", "dp-team-a-orders-converter"));

    PipelineNames names = PipelineNames.of(TEAM_A_ORDERS, status);

    assertThat(names.scheme()).isEqualTo(NamingScheme.Legacy);
    assertThat(names.stackName(Component.DATABASE)).isEqualTo("dp-team-a-orders-database");
    // A component added later is named like its siblings, and so is Grafana's cluster, whose
    // ClusterName a legacy dashboard stack already carries.
    assertThat(names.stackName(Component.DASHBOARD)).isEqualTo("dp-team-a-orders-dashboard");
    assertThat(names.dashboardClusterName()).isEqualTo("dp-team-a-orders-grafana");
    assertThat(names.defaultBucketName()).isEqualTo(Names.defaultBucketName(TEAM_A_ORDERS));
  }

  @Test
  void aPlacementAloneIsADeploymentFromBeforeNamesWereRecorded() {
    DataPipelineStatus status = new DataPipelineStatus();
    status.placement = new Placement("eu-west-1", null, "existing");
    assertThat(PipelineNames.of(TEAM_A_ORDERS, status).scheme()).isEqualTo(NamingScheme.Legacy);
  }

  @Test
  void recordedNamesWinOverEveryScheme() {
    DataPipelineStatus status = new DataPipelineStatus();
    status.names =
        new ResourceNames(
            NamingScheme.Hashed,
            Map.of("database", "dp-kept-database"),
            "dp-kept-bucket",
            "dp-kept-grafana");

    PipelineNames names = PipelineNames.of(TEAM_A_ORDERS, status);

    assertThat(names.stackName(Component.DATABASE)).isEqualTo("dp-kept-database");
    assertThat(names.stackName(Component.TABLE))
        .isEqualTo(Names.hashedName(TEAM_A_ORDERS, "table"));
    assertThat(names.defaultBucketName()).isEqualTo("dp-kept-bucket");
    assertThat(names.dashboardClusterName()).isEqualTo("dp-kept-grafana");
  }

  @Test
  void aRecordedHashedStackNameTellsTheSchemeWhenStatusNamesWereLost() {
    DataPipelineStatus status = new DataPipelineStatus();
    status.stacks.add(stack("database", Names.hashedName(TEAM_A_ORDERS, "database")));
    assertThat(PipelineNames.of(TEAM_A_ORDERS, status).scheme()).isEqualTo(NamingScheme.Hashed);
  }

  @Test
  void theRecordKeepsWhatWasRecordedAndAddsWhatIsDeployed() {
    DataPipelineStatus status = new DataPipelineStatus();
    status.stacks.add(stack("database", "dp-team-a-orders-database"));
    PipelineNames names = PipelineNames.of(TEAM_A_ORDERS, status);

    ResourceNames record = names.record(List.of(Component.TABLE));

    assertThat(record.scheme).isEqualTo(NamingScheme.Legacy);
    assertThat(record.stacks)
        .containsExactly(
            Map.entry("database", "dp-team-a-orders-database"),
            Map.entry("table", "dp-team-a-orders-table"));
    assertThat(record.bucket).isEqualTo(Names.defaultBucketName(TEAM_A_ORDERS));
    assertThat(record.dashboardCluster).as("no dashboard deployed").isNull();
    assertThat(names.record(List.of(Component.DASHBOARD)).dashboardCluster)
        .isEqualTo("dp-team-a-orders-grafana");
  }

  @Test
  void aLegacyPipelineRendersTheNamesItWasDeployedWith() throws Exception {
    DataPipeline pipeline = Examples.load("minimal");
    PipelineIdentity id = Examples.identity(pipeline);
    pipeline.getMetadata().setUid(id.uid());
    pipeline.setStatus(legacyStatus(id));

    StackPlan legacy = new PipelineRenderer(Examples.DEFAULTS).render(pipeline);
    pipeline.setStatus(null);
    StackPlan fresh = new PipelineRenderer(Examples.DEFAULTS).render(pipeline);

    for (StackSpec stack : legacy.stacks()) {
      assertThat(stack.stackName()).isEqualTo(Names.legacyName(id, stack.component().id()));
    }
    for (StackSpec stack : fresh.stacks()) {
      assertThat(stack.stackName()).isEqualTo(Names.hashedName(id, stack.component().id()));
    }
    assertThat(clusterName(legacy)).isEqualTo(Names.legacyName(id, "grafana"));
    assertThat(clusterName(fresh)).isEqualTo(Names.hashedName(id, "grafana"));
    assertThat(legacy.names().scheme()).isEqualTo(NamingScheme.Legacy);
    assertThat(fresh.names().scheme()).isEqualTo(NamingScheme.Hashed);
  }

  @Test
  void bothSchemesAreObservedByTheStackEventsRule() {
    String template = new BootstrapRenderer().render().templateBody();
    assertThat(template).contains(":stack/" + Names.STACK_NAME_PREFIX + "\"");
    Set<String> names = new HashSet<>();
    names.addAll(awsNames(PipelineNames.fresh(TEAM_A_ORDERS)));
    names.addAll(awsNames(PipelineNames.of(TEAM_A_ORDERS, legacyStatus(TEAM_A_ORDERS))));
    assertThat(names).allSatisfy(n -> assertThat(n).startsWith(Names.STACK_NAME_PREFIX));
  }

  private static String clusterName(StackPlan plan) throws Exception {
    StackSpec dashboard =
        plan.stacks().stream().filter(s -> s.component() == Component.DASHBOARD).findFirst().get();
    JsonNode template = CanonicalJson.mapper().readTree(dashboard.templateBody());
    return template
        .path("Resources")
        .path("Cluster")
        .path("Properties")
        .path("ClusterName")
        .asText();
  }

  /** A status as an operator before recorded names left it: legacy stack names, a placement. */
  static DataPipelineStatus legacyStatus(PipelineIdentity id) {
    DataPipelineStatus status = new DataPipelineStatus();
    status.placement = new Placement("eu-west-1", null, "existing");
    status.stacks.add(stack("database", Names.legacyName(id, "database")));
    return status;
  }

  static StackStatus stack(String component, String name) {
    StackStatus s = new StackStatus();
    s.component = component;
    s.stackName = name;
    s.status = "CREATE_COMPLETE";
    return s;
  }
}
