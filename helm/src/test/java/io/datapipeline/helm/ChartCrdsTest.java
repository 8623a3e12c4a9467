package io.datapipeline.helm;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The chart installs the very CRD the operator is generated with: the chart's crds/ holds a
 * byte-for-byte copy of the top-level crds/ (which the operator build keeps up to date).
 */
class ChartCrdsTest {

  private static final String HOW_TO_FIX =
      "copy the CRD into the chart: cp crds/*.yml helm/datapipeline-operator/crds/";

  @Test
  void chartCrdsAreByteIdenticalToTheTopLevelCrds() throws IOException {
    Path topLevel = RepositoryFiles.root().resolve("crds");
    Path inChart = RepositoryFiles.chart().resolve("crds");

    Set<String> topLevelFiles = yamlFiles(topLevel);
    assertThat(topLevelFiles).as("CRDs in %s", topLevel).isNotEmpty();
    assertThat(yamlFiles(inChart)).as(HOW_TO_FIX).isEqualTo(topLevelFiles);
    for (String file : topLevelFiles) {
      assertThat(Files.readAllBytes(inChart.resolve(file)))
          .as("%s differs from crds/%s: %s", inChart.resolve(file), file, HOW_TO_FIX)
          .isEqualTo(Files.readAllBytes(topLevel.resolve(file)));
    }
  }

  @Test
  void chartCrdIsATypedNamespacedDataPipelineDefinitionWithStatus() throws IOException {
    CustomResourceDefinition crd = chartCrd();

    assertThat(crd.getMetadata().getName()).isEqualTo("datapipelines.datapipeline.io");
    assertThat(crd.getSpec().getScope()).isEqualTo("Namespaced");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("DataPipeline");
    assertThat(crd.getSpec().getVersions())
        .anySatisfy(
            version -> {
              assertThat(version.getName()).isEqualTo("v1alpha1");
              assertThat(version.getServed()).isTrue();
              assertThat(version.getStorage()).isTrue();
              assertThat(version.getSubresources().getStatus()).isNotNull();
            });
  }

  @Test
  void rbacNamesTheCrdsGroupAndPlural() throws IOException {
    assertRoleGrantsExactly("datapipeline-operator", chartCrd(), "", "/status", "/finalizers");
  }

  @Test
  void chartCarriesTheClusterScopedTenantCrdAndRbacNamesIt() throws IOException {
    CustomResourceDefinition crd = chartCrd("datapipelinetenants.datapipeline.io-v1.yml");
    assertThat(crd.getSpec().getScope()).isEqualTo("Cluster");
    assertThat(crd.getSpec().getNames().getKind()).isEqualTo("DataPipelineTenant");
    assertRoleGrantsExactly("datapipeline-operator-tenancy", crd, "", "/status");
  }

  /**
   * The default install's ClusterRole {@code roleName} names, in the CRD's API group, exactly the
   * CRD's plural followed by each of {@code suffixes} ("" for the resource itself).
   */
  private static void assertRoleGrantsExactly(
      String roleName, CustomResourceDefinition crd, String... suffixes) {
    ClusterRole role =
        RbacTest.clusterRole(InstallVariants.render(InstallVariants.DEFAULTS), roleName);
    String plural = crd.getSpec().getNames().getPlural();

    assertThat(role.getRules())
        .filteredOn(rule -> rule.getApiGroups().contains(crd.getSpec().getGroup()))
        .flatExtracting(rule -> rule.getResources())
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(suffixes).map(suffix -> plural + suffix).toList());
  }

  private static CustomResourceDefinition chartCrd() throws IOException {
    return chartCrd("datapipelines.datapipeline.io-v1.yml");
  }

  private static CustomResourceDefinition chartCrd(String name) throws IOException {
    Path file = RepositoryFiles.chart().resolve("crds/" + name);
    List<HasMetadata> objects = StrictManifests.parseAll(Files.readString(file));
    assertThat(objects).singleElement().isInstanceOf(CustomResourceDefinition.class);
    return (CustomResourceDefinition) objects.get(0);
  }

  private static Set<String> yamlFiles(Path directory) throws IOException {
    try (Stream<Path> files = Files.list(directory)) {
      return files
          .filter(Files::isRegularFile)
          .map(path -> path.getFileName().toString())
          .filter(name -> name.endsWith(".yml") || name.endsWith(".yaml"))
          .collect(Collectors.toCollection(TreeSet::new));
    }
  }
}
