package io.datapipeline.operator.tenancy;

import static io.datapipeline.operator.testing.Tenants.plainTenant;
import static io.datapipeline.operator.testing.Tenants.tenant;
import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.api.v1alpha1.AwsSpec;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.api.v1alpha1.TenantNamespaceSelector;
import io.datapipeline.render.ImageTemplate;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Grant matching, table-driven: each row is a pipeline, the tenants around it, and the verdict. */
class GrantMatcherTest {

  static final String ROLE_A = "arn:aws:iam::111111111111:role/datapipeline-team-a";
  static final String ROLE_A2 = "arn:aws:iam::111111111111:role/datapipeline-team-a-batch";
  static final String CFN_A = "arn:aws:iam::111111111111:role/cfn-team-a";
  static final String ROLE_B = "arn:aws:iam::222222222222:role/datapipeline-team-b";
  static final String CFN_B = "arn:aws:iam::222222222222:role/cfn-team-b";
  static final String IMAGE_REPO_A = "111111111111.dkr.ecr.*.amazonaws.com/datapipeline-converter";
  static final String BOUNDARY_A = "arn:aws:iam::111111111111:policy/dp-boundary";
  static final String IMAGE_REPO_B = "222222222222.dkr.ecr.*.amazonaws.com/secret-converter";

  /** team-a as in the issue; team-b a neighbour whose values must never leak into A's messages. */
  static DataPipelineTenant teamA() {
    return tenant(
        "team-a",
        s -> {
          s.namespaces = new ArrayList<>(List.of("team-a", "team-a-staging"));
          s.aws.roleArns = new ArrayList<>(List.of(ROLE_A, ROLE_A2));
          s.aws.regions = new ArrayList<>(List.of("eu-west-1", "us-east-1"));
          s.aws.cloudFormationRoleArn = CFN_A;
          s.aws.externalId = "team-a-7f3c";
          s.aws.permissionsBoundaryArn = BOUNDARY_A;
          s.converterImageRepositories = new ArrayList<>(List.of(IMAGE_REPO_A));
        });
  }

  static DataPipelineTenant teamB() {
    return tenant(
        "team-b",
        s -> {
          s.namespaces = new ArrayList<>(List.of("team-b"));
          s.namespaceSelector = new TenantNamespaceSelector();
          s.namespaceSelector.matchLabels.put("datapipeline.io/tenant", "team-b");
          s.aws.roleArns = new ArrayList<>(List.of(ROLE_B));
          s.aws.regions = new ArrayList<>(List.of("ap-south-1"));
          s.aws.cloudFormationRoleArn = CFN_B;
          s.converterImageRepositories = new ArrayList<>(List.of(IMAGE_REPO_B));
        });
  }

  static DataPipeline pipeline(String namespace, Consumer<DataPipelineSpec> spec) {
    DataPipeline p = new DataPipeline();
    p.setMetadata(
        new ObjectMetaBuilder()
            .withNamespace(namespace)
            .withName("orders")
            .withCreationTimestamp("2026-12-01T10:00:00Z")
            .build());
    DataPipelineSpec s = new DataPipelineSpec();
    s.aws = new AwsSpec();
    s.aws.region = "eu-west-1";
    spec.accept(s);
    p.setSpec(s);
    return p;
  }

  static DataPipeline older(String namespace, String name, String created) {
    DataPipeline p = pipeline(namespace, s -> {});
    p.getMetadata().setName(name);
    p.getMetadata().setCreationTimestamp(created);
    return p;
  }

  record Row(
      String description,
      DataPipeline pipeline,
      Map<String, String> labels,
      List<DataPipelineTenant> tenants,
      List<DataPipeline> tenantPipelines,
      Decision expected) {

    Decision decide() {
      return GrantMatcher.decide(pipeline, labels, tenants, tenant -> tenantPipelines);
    }

    @Override
    public String toString() {
      return description;
    }
  }

  static Row row(
      String description,
      DataPipeline pipeline,
      List<DataPipelineTenant> tenants,
      Decision expected) {
    return new Row(description, pipeline, Map.of(), tenants, List.of(), expected);
  }

  /** A row of team-a and team-b where the pipeline's namespace carries {@code labels}. */
  static Row labelled(
      String description, DataPipeline pipeline, Map<String, String> labels, Decision expected) {
    return new Row(description, pipeline, labels, List.of(teamA(), teamB()), List.of(), expected);
  }

  /**
   * A row of team-a/orders where team-a may have {@code limit} pipelines and already has {@code
   * older} ones.
   */
  static Row limitedTeamA(
      String description, int limit, List<DataPipeline> older, Decision expected) {
    return new Row(
        description,
        pipeline("team-a", s -> {}),
        Map.of(),
        List.of(limited(limit)),
        older,
        expected);
  }

  /** Permitted; team-a's grants carry its permissions boundary, team-b sets none. */
  static Decision permitted(String tenant, String region, String role, String cfn, String ext) {
    String boundary = tenant.equals("team-a") ? BOUNDARY_A : null;
    return new Decision.Permitted(new Grant(tenant, region, role, cfn, ext, boundary));
  }

  /** Permitted with team-a's defaults: its first role in eu-west-1, its service role, its id. */
  static Decision permittedAsTeamAsFirstRole() {
    return permitted("team-a", "eu-west-1", ROLE_A, CFN_A, "team-a-7f3c");
  }

  static Decision refused(String field, String message) {
    return new Decision.Refused(field, message);
  }

  /** Refused: no tenant covers the namespace. */
  static Decision uncovered(String namespace) {
    return refused(
        "metadata.namespace",
        "namespace "
            + namespace
            + " is granted no AWS access: no DataPipelineTenant covers it (TENANCY=Enforced). A"
            + " cluster administrator must add it to a tenant's spec.namespaces.");
  }

  /** Refused: more than one tenant covers the namespace. */
  static Decision ambiguous(String namespace) {
    return refused(
        "metadata.namespace",
        "namespace "
            + namespace
            + " is covered by more than one DataPipelineTenant, so its grant is ambiguous and"
            + " nothing is deployed. A cluster administrator must leave it in exactly one.");
  }

  /** Refused in team-a: {@code role} is not one of team-a's roles. */
  static Decision roleNotGrantedInTeamA(String role) {
    return refused(
        "spec.aws.roleArn",
        "not permitted in namespace team-a: spec.aws.roleArn "
            + role
            + " is not granted; it may use "
            + ROLE_A
            + ", "
            + ROLE_A2);
  }

  static Stream<Row> rows() {
    List<DataPipelineTenant> both = List.of(teamA(), teamB());
    String inA = "not permitted in namespace team-a: ";
    return Stream.of(
        row(
            "no roleArn: the tenant's first role, the service role forced, the ExternalId",
            pipeline("team-a", s -> {}),
            both,
            permittedAsTeamAsFirstRole()),
        row(
            "a granted second role, in the second namespace",
            pipeline("team-a-staging", s -> s.aws.roleArn = ROLE_A2),
            both,
            permitted("team-a", "eu-west-1", ROLE_A2, CFN_A, "team-a-7f3c")),
        row(
            "the tenant's own service role named explicitly",
            pipeline("team-a", s -> s.aws.cloudFormationRoleArn = CFN_A),
            both,
            permittedAsTeamAsFirstRole()),
        row(
            "another tenant's role",
            pipeline("team-a", s -> s.aws.roleArn = ROLE_B),
            both,
            roleNotGrantedInTeamA(ROLE_B)),
        row(
            "a role of the right account but not granted (exact ARNs, no prefixes)",
            pipeline("team-a", s -> s.aws.roleArn = ROLE_A + "-admin"),
            both,
            roleNotGrantedInTeamA(ROLE_A + "-admin")),
        row(
            "a region not granted",
            pipeline("team-a", s -> s.aws.region = "ap-south-1"),
            both,
            refused(
                "spec.aws.region",
                inA
                    + "spec.aws.region ap-south-1 is not granted; it may use eu-west-1, us-east-1")),
        row(
            "another service role",
            pipeline("team-a", s -> s.aws.cloudFormationRoleArn = CFN_B),
            both,
            refused(
                "spec.aws.cloudFormationRoleArn",
                inA
                    + "spec.aws.cloudFormationRoleArn "
                    + CFN_B
                    + " is not granted; it may use only "
                    + CFN_A
                    + " (or leave the field out)")),
        row(
            "a service role where the tenant grants none",
            pipeline("team-c", s -> s.aws.cloudFormationRoleArn = CFN_A),
            List.of(plainTenant("team-c", "team-c", ROLE_A, "eu-west-1")),
            refused(
                "spec.aws.cloudFormationRoleArn",
                "not permitted in namespace team-c: spec.aws.cloudFormationRoleArn "
                    + CFN_A
                    + " is not granted; it may use none (leave the field out)")),
        row(
            "an image from an allowed repository in any region (wildcard within a part)",
            pipeline(
                "team-a",
                s ->
                    s.converter.image =
                        "111111111111.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:1.2.0"),
            both,
            permittedAsTeamAsFirstRole()),
        row(
            "an image by digest from an allowed repository",
            pipeline(
                "team-a",
                s ->
                    s.converter.image =
                        "111111111111.dkr.ecr.us-east-1.amazonaws.com/datapipeline-converter@sha256:"
                            + "a".repeat(64)),
            both,
            permittedAsTeamAsFirstRole()),
        row(
            "an image of another account",
            pipeline(
                "team-a",
                s ->
                    s.converter.image =
                        "999999999999.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:1"),
            both,
            refused(
                "spec.converter.image",
                inA
                    + "spec.converter.image"
                    + " 999999999999.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:1 is"
                    + " not from a granted repository; it may use "
                    + IMAGE_REPO_A)),
        row(
            "a wildcard does not cross a dot or slash",
            pipeline(
                "team-a",
                s ->
                    s.converter.image =
                        "111111111111.dkr.ecr.eu-west-1.evil.example/x.amazonaws.com"
                            + "/datapipeline-converter:1"),
            both,
            refused(
                "spec.converter.image",
                inA
                    + "spec.converter.image 111111111111.dkr.ecr.eu-west-1.evil.example/"
                    + "x.amazonaws.com/datapipeline-converter:1 is not from a granted repository;"
                    + " it may use "
                    + IMAGE_REPO_A)),
        row("a namespace no tenant covers", pipeline("team-z", s -> {}), both, uncovered("team-z")),
        row("no tenants at all", pipeline("team-a", s -> {}), List.of(), uncovered("team-a")),
        row(
            "a namespace named by two tenants is ambiguous",
            pipeline("team-a", s -> {}),
            List.of(teamA(), plainTenant("copycat", "team-a", ROLE_B, "eu-west-1")),
            ambiguous("team-a")),
        labelled(
            "selected by labels",
            pipeline("payments", s -> s.aws.region = "ap-south-1"),
            Map.of("datapipeline.io/tenant", "team-b"),
            permitted("team-b", "ap-south-1", ROLE_B, CFN_B, null)),
        labelled(
            "named by one tenant and selected by another: ambiguous",
            pipeline("team-a", s -> {}),
            Map.of("datapipeline.io/tenant", "team-b"),
            ambiguous("team-a")),
        labelled(
            "labels that do not match the selector",
            pipeline("payments", s -> {}),
            Map.of("datapipeline.io/tenant", "team-c"),
            uncovered("payments")),
        limitedTeamA(
            "under the limit",
            2,
            List.of(older("team-a", "first", "2026-11-01T00:00:00Z")),
            permittedAsTeamAsFirstRole()),
        limitedTeamA(
            "the limit reached by older pipelines in any of the tenant's namespaces",
            2,
            List.of(
                older("team-a", "first", "2026-11-01T00:00:00Z"),
                older("team-a-staging", "second", "2026-11-02T00:00:00Z")),
            overTeamAsLimit(2)),
        limitedTeamA(
            "an older pipeline keeps its place when a newer one exceeds the limit",
            1,
            List.of(
                older("team-a", "orders", "2026-12-01T10:00:00Z"),
                older("team-a", "later", "2026-12-02T00:00:00Z")),
            permittedAsTeamAsFirstRole()),
        limitedTeamA("limit zero refuses every pipeline", 0, List.of(), overTeamAsLimit(0)));
  }

  /** Refused: team-a's older pipelines use all {@code limit} it may have. */
  static Decision overTeamAsLimit(int limit) {
    return refused(
        "metadata.name",
        "not permitted in namespace team-a: tenant team-a may have at most "
            + limit
            + " DataPipelines (limits.pipelines) and older ones use them all");
  }

  static DataPipelineTenant limited(int pipelines) {
    DataPipelineTenant t = teamA();
    t.getSpec().limits.pipelines = pipelines;
    return t;
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void decides(Row row) {
    assertThat(row.decide()).isEqualTo(row.expected());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rows")
  void aRefusalInTeamANeverMentionsTeamBsValues(Row row) {
    Decision decision = row.decide();
    if (decision instanceof Decision.Refused refused
        && row.pipeline().getMetadata().getNamespace().startsWith("team-a")) {
      String askedFor =
          String.valueOf(row.pipeline().getSpec().aws.roleArn)
              + " "
              + row.pipeline().getSpec().aws.cloudFormationRoleArn;
      for (String secret : List.of(ROLE_B, CFN_B, IMAGE_REPO_B, "ap-south-1", "team-b")) {
        if (!askedFor.contains(secret) && !row.pipeline().getSpec().aws.region.equals(secret)) {
          assertThat(refused.message()).doesNotContain(secret);
        }
      }
      assertThat(refused.message()).doesNotContain("copycat");
    }
  }

  @Test
  void tenantsOfListsEveryCoveringTenant() {
    Collection<DataPipelineTenant> covering =
        GrantMatcher.tenantsOf(
            "team-a", Map.of("datapipeline.io/tenant", "team-b"), List.of(teamA(), teamB()));

    assertThat(covering)
        .extracting(t -> t.getMetadata().getName())
        .containsExactly("team-a", "team-b");
  }

  static Stream<Arguments> selectors() {
    return Stream.of(
        Arguments.of("In", List.of("prod"), Map.of("env", "prod"), true),
        Arguments.of("In", List.of("prod"), Map.of("env", "dev"), false),
        Arguments.of("In", List.of("prod"), Map.of(), false),
        Arguments.of("NotIn", List.of("prod"), Map.of("env", "dev"), true),
        Arguments.of("NotIn", List.of("prod"), Map.of(), true),
        Arguments.of("NotIn", List.of("prod"), Map.of("env", "prod"), false),
        Arguments.of("Exists", null, Map.of("env", ""), true),
        Arguments.of("Exists", null, Map.of(), false),
        Arguments.of("DoesNotExist", null, Map.of(), true),
        Arguments.of("DoesNotExist", null, Map.of("env", "x"), false));
  }

  @ParameterizedTest(name = "{0} {1} on {2}: {3}")
  @MethodSource("selectors")
  void matchExpressionsFollowKubernetesSemantics(
      String operator, List<String> values, Map<String, String> labels, boolean selected) {
    TenantNamespaceSelector selector = new TenantNamespaceSelector();
    TenantNamespaceSelector.Requirement r = new TenantNamespaceSelector.Requirement();
    r.key = "env";
    r.operator = TenantNamespaceSelector.Operator.valueOf(operator);
    r.values = values;
    selector.matchExpressions.add(r);

    assertThat(NamespaceSelection.selects(selector, labels)).isEqualTo(selected);
  }

  @Test
  void anEmptySelectorSelectsNothing() {
    assertThat(NamespaceSelection.selects(new TenantNamespaceSelector(), Map.of("a", "b")))
        .isFalse();
  }

  @Test
  void imageRepositoryDropsTagAndDigestButNotARegistryPort() {
    assertThat(ImageRepositories.repository("r.example:5000/team/conv:1.0"))
        .isEqualTo("r.example:5000/team/conv");
    assertThat(ImageRepositories.repository("r.example:5000/team/conv"))
        .isEqualTo("r.example:5000/team/conv");
    assertThat(ImageRepositories.repository("r.example/conv@sha256:abc"))
        .isEqualTo("r.example/conv");
  }

  /** The operator's shipped default: the bootstrap stack's ECR repository of the account/region. */
  static final ImageTemplate BOOTSTRAP_DEFAULT =
      ImageTemplate.parse("{account}.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:1.0.0");

  record DefaultImageRow(
      String description,
      DataPipeline pipeline,
      List<DataPipelineTenant> tenants,
      ImageTemplate defaultImage,
      Decision expected) {

    @Override
    public String toString() {
      return description;
    }
  }

  static Stream<DefaultImageRow> defaultImageRows() {
    List<DataPipelineTenant> both = List.of(teamA(), teamB());
    String inA = "not permitted in namespace team-a: ";
    DataPipelineTenant unrestricted = teamA();
    unrestricted.getSpec().converterImageRepositories = null;
    return Stream.of(
        new DefaultImageRow(
            "no image named: the default, filled for the granted role's account, is allowed",
            pipeline("team-a", s -> {}),
            both,
            BOOTSTRAP_DEFAULT,
            permittedAsTeamAsFirstRole()),
        new DefaultImageRow(
            "no image named: a default from a repository outside the allow-list",
            pipeline("team-a", s -> {}),
            both,
            ImageTemplate.parse("ghcr.io/example/datapipeline-converter:1.0.0"),
            refused(
                "spec.converter.image",
                inA
                    + "spec.converter.image is not set, and the operator's default converter"
                    + " image (CONVERTER_IMAGE) ghcr.io/example/datapipeline-converter:1.0.0 is"
                    + " from repository ghcr.io/example/datapipeline-converter, which is not"
                    + " granted; set spec.converter.image to an image from "
                    + IMAGE_REPO_A)),
        new DefaultImageRow(
            "no image named: the default filled for the pipeline's region, another account's",
            pipeline("team-a", s -> s.aws.region = "us-east-1"),
            both,
            ImageTemplate.parse(
                "999999999999.dkr.ecr.{region}.amazonaws.com/datapipeline-converter:1.0.0"),
            refused(
                "spec.converter.image",
                inA
                    + "spec.converter.image is not set, and the operator's default converter"
                    + " image (CONVERTER_IMAGE)"
                    + " 999999999999.dkr.ecr.us-east-1.amazonaws.com/datapipeline-converter:1.0.0"
                    + " is from repository"
                    + " 999999999999.dkr.ecr.us-east-1.amazonaws.com/datapipeline-converter,"
                    + " which is not granted; set spec.converter.image to an image from "
                    + IMAGE_REPO_A)),
        new DefaultImageRow(
            "an allowed image named: the default does not matter",
            pipeline(
                "team-a",
                s ->
                    s.converter.image =
                        "111111111111.dkr.ecr.eu-west-1.amazonaws.com/datapipeline-converter:2"),
            both,
            ImageTemplate.parse("ghcr.io/example/datapipeline-converter:1.0.0"),
            permittedAsTeamAsFirstRole()),
        new DefaultImageRow(
            "a tenant without an allow-list takes any default",
            pipeline("team-a", s -> {}),
            List.of(unrestricted, teamB()),
            ImageTemplate.parse("ghcr.io/example/datapipeline-converter:1.0.0"),
            permittedAsTeamAsFirstRole()),
        new DefaultImageRow(
            "no image named and no default: nothing to check (rendering refuses it)",
            pipeline("team-a", s -> {}),
            both,
            null,
            permittedAsTeamAsFirstRole()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("defaultImageRows")
  void theOperatorsDefaultConverterImageIsHeldToTheAllowList(DefaultImageRow row) {
    Decision decision =
        GrantMatcher.decide(
            row.pipeline(), Map.of(), row.tenants(), tenant -> List.of(), row.defaultImage());

    assertThat(decision).isEqualTo(row.expected());
    if (decision instanceof Decision.Refused refused) {
      for (String secret : List.of(ROLE_B, CFN_B, IMAGE_REPO_B, "ap-south-1", "team-b")) {
        assertThat(refused.message()).doesNotContain(secret);
      }
    }
  }
}
