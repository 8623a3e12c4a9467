package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Least privilege: the operator may touch its DataPipelines (and their status and finalizers), the
 * connection Secrets, Events and its own Lease, and under TENANCY=Enforced read the cluster-scoped
 * DataPipelineTenants (writing only their status) and get namespaces, with no wildcard anywhere.
 */
class RbacTest {

  /** Rows of the contract for TENANCY=Enforced: cluster-scoped, in a ClusterRole of their own. */
  private static boolean isTenancy(OperatorContract.ApiAccess access) {
    return access.resource().startsWith("datapipelinetenants")
        || access.resource().equals("namespaces");
  }

  /** What docs/contracts.md says the operator uses where it reconciles pipelines. */
  private static final Set<String> PIPELINE_PERMISSIONS =
      OperatorContract.kubernetesApiAccess().stream()
          .filter(access -> !access.resource().equals("leases"))
          .filter(access -> !isTenancy(access))
          .flatMap(access -> access.permissions().stream())
          .collect(Collectors.toCollection(TreeSet::new));

  /** What docs/contracts.md says TENANCY=Enforced adds, cluster-wide. */
  private static final Set<String> TENANCY_PERMISSIONS =
      OperatorContract.kubernetesApiAccess().stream()
          .filter(RbacTest::isTenancy)
          .flatMap(access -> access.permissions().stream())
          .collect(Collectors.toCollection(TreeSet::new));

  private static final String TENANCY_ROLE = "datapipeline-operator-tenancy";

  private static final String FINALIZERS_ROLE = "datapipeline-operator-finalizers";

  /** The Lease row of the contract: verbs on any Lease, and those on the operator's Lease only. */
  private static final OperatorContract.ApiAccess LEASES =
      OperatorContract.kubernetesApiAccess().stream()
          .filter(access -> access.resource().equals("leases"))
          .findFirst()
          .orElseThrow();

  @Test
  void contractListsTheOperatorsOwnResourcesSecretsEventsAndLeases() {
    assertThat(PIPELINE_PERMISSIONS)
        .contains(
            "datapipeline.io/datapipelines watch",
            "datapipeline.io/datapipelines/status patch",
            "datapipeline.io/datapipelines/finalizers update",
            "/secrets create",
            "/events create")
        .allMatch(
            p ->
                p.startsWith("datapipeline.io/datapipelines")
                    || p.startsWith("/secrets ")
                    || p.startsWith("/events "));
    assertThat(TENANCY_PERMISSIONS)
        .containsExactlyInAnyOrder(
            "datapipeline.io/datapipelinetenants get",
            "datapipeline.io/datapipelinetenants list",
            "datapipeline.io/datapipelinetenants watch",
            "datapipeline.io/datapipelinetenants/status update",
            "/namespaces get");
    assertThat(LEASES.group()).isEqualTo("coordination.k8s.io");
    assertThat(LEASES.name()).isEqualTo("datapipeline-operator");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void grantsNoWildcardVerbResourceOrGroup(String variant) {
    List<PolicyRule> rules = allRules(InstallVariants.render(variant));

    assertThat(rules).isNotEmpty();
    assertThat(rules)
        .allSatisfy(
            rule -> {
              assertThat(rule.getVerbs()).doesNotContain("*");
              assertThat(rule.getResources()).doesNotContain("*").noneMatch(r -> r.contains("*"));
              assertThat(rule.getApiGroups()).doesNotContain("*");
              assertThat(rule.getNonResourceURLs()).isNullOrEmpty();
              assertThat(rule.getResourceNames()).noneMatch(name -> name.contains("*"));
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void grantsExactlyWhatTheOperatorNeedsAndNothingMore(String variant) {
    RenderedChart rendered = InstallVariants.render(variant);

    Set<String> granted = permissions(allRules(rendered));

    Set<String> expected = new TreeSet<>(PIPELINE_PERMISSIONS);
    expected.addAll(LEASES.permissions());
    expected.addAll(TENANCY_PERMISSIONS);
    assertThat(granted).containsExactlyInAnyOrderElementsOf(expected);
  }

  @Test
  void clusterWideInstallBindsAClusterRoleToTheOperatorServiceAccount() {
    RenderedChart rendered = InstallVariants.render(InstallVariants.DEFAULTS);
    ClusterRole role = clusterRole(rendered, "datapipeline-operator");
    ClusterRoleBinding binding = clusterRoleBinding(rendered, "datapipeline-operator");

    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(PIPELINE_PERMISSIONS);
    assertBinds(binding.getRoleRef(), "ClusterRole", role, binding.getSubjects(), rendered);
    assertThat(rendered.all(Role.class))
        .as("only the leader-election Role is namespaced")
        .extracting(r -> r.getMetadata().getName())
        .containsExactly("datapipeline-operator-leader-election");
  }

  @Test
  void namespacedInstallGrantsRolesOnlyInTheWatchedNamespaces() {
    RenderedChart rendered = InstallVariants.render("namespaced");

    assertThat(rendered.all(ClusterRole.class))
        .as("the tenancy ClusterRole (tenants are cluster-scoped) and the finalizer release only")
        .extracting(r -> r.getMetadata().getName())
        .containsExactlyInAnyOrder(TENANCY_ROLE, FINALIZERS_ROLE);
    assertThat(rendered.all(ClusterRoleBinding.class))
        .extracting(b -> b.getMetadata().getName())
        .containsExactlyInAnyOrder(TENANCY_ROLE, FINALIZERS_ROLE);
    List<Role> pipelineRoles =
        rendered.all(Role.class).stream().filter(r -> !isLeaderElection(r)).toList();
    assertThat(pipelineRoles)
        .extracting(r -> r.getMetadata().getNamespace())
        .containsExactlyInAnyOrder("tenant-a", "tenant-b");
    for (Role role : pipelineRoles) {
      assertThat(permissions(role.getRules()))
          .containsExactlyInAnyOrderElementsOf(PIPELINE_PERMISSIONS);
      RoleBinding binding =
          rendered.all(RoleBinding.class).stream()
              .filter(b -> b.getMetadata().getNamespace().equals(role.getMetadata().getNamespace()))
              .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName()))
              .findFirst()
              .orElseThrow(() -> new AssertionError("no RoleBinding for " + role.getMetadata()));
      assertBinds(binding.getRoleRef(), "Role", role, binding.getSubjects(), rendered);
    }
  }

  /**
   * Deleting a watched namespace deletes the RoleBinding there while its pipelines' finalizers
   * still wait for their stacks: the release of a finalizer needs rights that outlive the
   * namespace's RoleBinding, and only those (no Secret, Event or status access beyond the watched
   * namespaces).
   */
  @Test
  void namespacedInstallKeepsOnlyTheRightsToReleaseFinalizersClusterWide() {
    RenderedChart rendered = InstallVariants.render("namespaced");
    ClusterRole role = clusterRole(rendered, FINALIZERS_ROLE);

    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrder(
            "datapipeline.io/datapipelines get",
            "datapipeline.io/datapipelines list",
            "datapipeline.io/datapipelines watch",
            "datapipeline.io/datapipelines patch",
            "datapipeline.io/datapipelines update",
            "datapipeline.io/datapipelines/finalizers update");
    assertThat(PIPELINE_PERMISSIONS)
        .as("a subset of what the operator needs where it reconciles")
        .containsAll(permissions(role.getRules()));
    assertBinds(
        clusterRoleBinding(rendered, FINALIZERS_ROLE).getRoleRef(),
        "ClusterRole",
        role,
        clusterRoleBinding(rendered, FINALIZERS_ROLE).getSubjects(),
        rendered);
  }

  @Test
  void namespacedInstallCanLeaveFinalizerReleaseToTheClusterAdmin() {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart()
            .template(
                Map.of("rbac.releaseFinalizersClusterWide", false),
                InstallVariants.valuesFiles("namespaced"));

    assertThat(rendered.all(Role.class))
        .extracting(r -> r.getMetadata().getNamespace())
        .contains("tenant-a");
    assertThat(rendered.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(FINALIZERS_ROLE);
  }

  @Test
  void clusterWideInstallNeedsNoSeparateFinalizerRole() {
    assertThat(InstallVariants.render(InstallVariants.DEFAULTS).all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(FINALIZERS_ROLE);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void limitsLeasesToTheOperatorsOwnLeaseInItsNamespace(String variant) {
    RenderedChart rendered = InstallVariants.render(variant);
    Role role =
        rendered.all(Role.class).stream()
            .filter(RbacTest::isLeaderElection)
            .findFirst()
            .orElseThrow();

    assertThat(role.getMetadata().getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
    assertThat(role.getRules())
        .extracting(r -> Set.copyOf(r.getVerbs()), r -> Set.copyOf(r.getResourceNames()))
        .containsExactlyInAnyOrder(
            // A Lease that does not exist yet cannot be named in RBAC: create stays unnamed.
            tuple(LEASES.verbs(), Set.of()), tuple(LEASES.namedVerbs(), Set.of(LEASES.name())));
    RoleBinding binding =
        rendered.all(RoleBinding.class).stream()
            .filter(b -> b.getRoleRef().getName().equals(role.getMetadata().getName()))
            .findFirst()
            .orElseThrow();
    assertBinds(binding.getRoleRef(), "Role", role, binding.getSubjects(), rendered);
    assertThat(rendered.envValue("LEADER_ELECTION_NAMESPACE"))
        .isEqualTo(role.getMetadata().getNamespace());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("io.datapipeline.helm.InstallVariants#all")
  void enforcedTenancyGetsAClusterRoleForTenantsAndNamespaceLabelsOnly(String variant) {
    RenderedChart rendered = InstallVariants.render(variant);
    ClusterRole role = clusterRole(rendered, TENANCY_ROLE);

    assertThat(permissions(role.getRules()))
        .containsExactlyInAnyOrderElementsOf(TENANCY_PERMISSIONS);
    ClusterRoleBinding binding = clusterRoleBinding(rendered, TENANCY_ROLE);
    assertBinds(binding.getRoleRef(), "ClusterRole", role, binding.getSubjects(), rendered);
    assertThat(rendered.envValue("TENANCY")).isEqualTo("Enforced");
  }

  @Test
  void openTenancyGrantsNothingForTenants() {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart().template(Map.of("tenancy.mode", "Open"));

    assertThat(permissions(allRules(rendered))).doesNotContainAnyElementsOf(TENANCY_PERMISSIONS);
    assertThat(rendered.all(ClusterRole.class))
        .extracting(r -> r.getMetadata().getName())
        .doesNotContain(TENANCY_ROLE);
    assertThat(rendered.envValue("TENANCY")).isEqualTo("Open");
  }

  @Test
  void grantsNoLeaseAccessWithoutLeaderElection() {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart().template(Map.of("leaderElection.enabled", false));

    Set<String> expected = new TreeSet<>(PIPELINE_PERMISSIONS);
    expected.addAll(TENANCY_PERMISSIONS);
    assertThat(permissions(allRules(rendered))).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(rendered.envValue("LEADER_ELECTION")).isEqualTo("false");
    assertThat(rendered.envValue("LEADER_ELECTION_NAMESPACE")).isNull();
  }

  @Test
  void rendersNoRbacWhenTheClusterAdminManagesIt() {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart().template(Map.of("rbac.create", false));

    assertThat(allRules(rendered)).isEmpty();
    assertThat(rendered.all(RoleBinding.class)).isEmpty();
    assertThat(rendered.all(ClusterRoleBinding.class)).isEmpty();
  }

  @Test
  void bindsAnExistingServiceAccountWhenTheChartDoesNotCreateOne() {
    RenderedChart rendered =
        ChartRenderer.forRepositoryChart()
            .template(Map.of("serviceAccount.create", false, "serviceAccount.name", "platform-dp"));

    assertThat(rendered.all(ServiceAccount.class)).isEmpty();
    assertThat(rendered.deployment().getSpec().getTemplate().getSpec().getServiceAccountName())
        .isEqualTo("platform-dp");
    assertThat(rendered.all(ClusterRoleBinding.class))
        .hasSize(2)
        .allSatisfy(
            b ->
                assertThat(b.getSubjects())
                    .extracting(Subject::getName)
                    .containsExactly("platform-dp"));
  }

  static ClusterRole clusterRole(RenderedChart rendered, String name) {
    return rendered.all(ClusterRole.class).stream()
        .filter(r -> r.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRole " + name));
  }

  static ClusterRoleBinding clusterRoleBinding(RenderedChart rendered, String name) {
    return rendered.all(ClusterRoleBinding.class).stream()
        .filter(b -> b.getMetadata().getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no ClusterRoleBinding " + name));
  }

  private static boolean isLeaderElection(Role role) {
    return role.getMetadata().getName().endsWith("-leader-election");
  }

  private static void assertBinds(
      RoleRef ref, String kind, HasMetadata role, List<Subject> subjects, RenderedChart rendered) {
    String serviceAccount =
        rendered.deployment().getSpec().getTemplate().getSpec().getServiceAccountName();
    assertThat(ref.getApiGroup()).isEqualTo("rbac.authorization.k8s.io");
    assertThat(ref.getKind()).isEqualTo(kind);
    assertThat(ref.getName()).isEqualTo(role.getMetadata().getName());
    assertThat(subjects)
        .singleElement()
        .satisfies(
            subject -> {
              assertThat(subject.getKind()).isEqualTo("ServiceAccount");
              assertThat(subject.getName()).isEqualTo(serviceAccount);
              assertThat(subject.getNamespace()).isEqualTo(ChartRenderer.NAMESPACE);
            });
  }

  private static List<PolicyRule> allRules(RenderedChart rendered) {
    List<PolicyRule> rules = new ArrayList<>();
    rendered.all(Role.class).forEach(role -> rules.addAll(role.getRules()));
    rendered.all(ClusterRole.class).forEach(role -> rules.addAll(role.getRules()));
    return rules;
  }

  /** Each rule expanded to "group/resource verb" pairs. */
  private static Set<String> permissions(List<PolicyRule> rules) {
    Set<String> permissions = new TreeSet<>();
    for (PolicyRule rule : rules) {
      for (String group : rule.getApiGroups()) {
        for (String resource : rule.getResources()) {
          Stream.of(rule.getVerbs().toArray(String[]::new))
              .forEach(verb -> permissions.add(group + "/" + resource + " " + verb));
        }
      }
    }
    return permissions;
  }
}
