package io.datapipeline.sandbox;

import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinitionVersion;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The API discovery documents kubectl reads before any command, which the CRUD mock does not serve:
 * {@code /api}, {@code /apis}, {@code /api/v1}, {@code /apis/<group>/<version>}, and {@code
 * /version}.
 */
final class DiscoveryStubs {

  private static final List<String> ALL_VERBS =
      List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");
  private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

  private final List<CustomResourceDefinition> crds;

  DiscoveryStubs(List<CustomResourceDefinition> crds) {
    this.crds = List.copyOf(crds);
  }

  /** Kind of every advertised resource by its plural name. */
  Map<String, String> kindsByPlural() {
    Map<String, String> kinds = new LinkedHashMap<>();
    for (Object document : documents().values()) {
      if (document instanceof Map<?, ?> map && map.get("resources") instanceof List<?> list) {
        for (Object resource : list) {
          Map<?, ?> r = (Map<?, ?>) resource;
          kinds.putIfAbsent((String) r.get("name"), (String) r.get("kind"));
        }
      }
    }
    return kinds;
  }

  /** The discovery document at a path (without query), if it is one. */
  Optional<Object> document(String path) {
    return Optional.ofNullable(documents().get(path));
  }

  /**
   * Every namespaced collection advertised, as API prefix and plural (e.g. {@code
   * /api/v1/secrets}): what deleting a namespace removes.
   */
  List<String> namespacedCollections() {
    List<String> collections = new ArrayList<>();
    for (Map.Entry<String, Object> document : documents().entrySet()) {
      if (document.getValue() instanceof Map<?, ?> map
          && map.get("resources") instanceof List<?> list) {
        for (Object resource : list) {
          Map<?, ?> r = (Map<?, ?>) resource;
          String name = (String) r.get("name");
          if (Boolean.TRUE.equals(r.get("namespaced")) && !name.contains("/")) {
            collections.add(document.getKey() + "/" + name);
          }
        }
      }
    }
    return collections;
  }

  private Map<String, Object> documents() {
    // group -> version -> the CRDs served there
    Map<String, Map<String, List<CustomResourceDefinition>>> served = new LinkedHashMap<>();
    for (CustomResourceDefinition crd : crds) {
      for (CustomResourceDefinitionVersion version : crd.getSpec().getVersions()) {
        served
            .computeIfAbsent(crd.getSpec().getGroup(), g -> new LinkedHashMap<>())
            .computeIfAbsent(version.getName(), v -> new ArrayList<>())
            .add(crd);
      }
    }
    List<Object> groups = new ArrayList<>();
    served.forEach(
        (group, versions) -> groups.add(apiGroup(group, List.copyOf(versions.keySet()))));
    groups.add(apiGroup("apiextensions.k8s.io", List.of("v1")));
    groups.add(apiGroup("coordination.k8s.io", List.of("v1")));
    Map<String, Object> documents = new LinkedHashMap<>();
    documents.put(
        "/version",
        Map.of(
            "major", "1",
            "minor", "32",
            "gitVersion", "v1.32.0-datapipeline-sandbox",
            "platform", "linux/amd64"));
    documents.put("/api", Map.of("kind", "APIVersions", "versions", List.of("v1")));
    documents.put("/apis", Map.of("kind", "APIGroupList", "apiVersion", "v1", "groups", groups));
    documents.put("/api/v1", coreResources());
    served.forEach(
        (group, versions) ->
            versions.forEach(
                (version, inVersion) ->
                    documents.put(
                        "/apis/" + group + "/" + version,
                        customResources(group + "/" + version, inVersion))));
    documents.put(
        "/apis/apiextensions.k8s.io/v1",
        resourceList(
            "apiextensions.k8s.io/v1",
            List.of(
                resource(
                    "customresourcedefinitions",
                    "customresourcedefinition",
                    false,
                    "CustomResourceDefinition",
                    List.of("crd", "crds")))));
    documents.put(
        "/apis/coordination.k8s.io/v1",
        resourceList(
            "coordination.k8s.io/v1",
            List.of(resource("leases", "lease", true, "Lease", List.of()))));
    return documents;
  }

  private static Map<String, Object> customResources(
      String groupVersion, List<CustomResourceDefinition> inVersion) {
    List<Object> resources = new ArrayList<>();
    for (CustomResourceDefinition crd : inVersion) {
      addResources(resources, crd);
    }
    return resourceList(groupVersion, resources);
  }

  private static void addResources(List<Object> resources, CustomResourceDefinition crd) {
    var names = crd.getSpec().getNames();
    boolean namespaced = "Namespaced".equals(crd.getSpec().getScope());
    resources.add(
        resource(
            names.getPlural(),
            names.getSingular(),
            namespaced,
            names.getKind(),
            names.getShortNames() == null ? List.of() : names.getShortNames()));
    Map<String, Object> status = new LinkedHashMap<>();
    status.put("name", names.getPlural() + "/status");
    status.put("singularName", "");
    status.put("namespaced", namespaced);
    status.put("kind", names.getKind());
    status.put("verbs", STATUS_VERBS);
    resources.add(status);
  }

  private static Map<String, Object> coreResources() {
    return resourceList(
        "v1",
        List.of(
            resource("namespaces", "namespace", false, "Namespace", List.of("ns")),
            resource("secrets", "secret", true, "Secret", List.of()),
            resource("configmaps", "configmap", true, "ConfigMap", List.of("cm")),
            resource("events", "event", true, "Event", List.of("ev")),
            resource("serviceaccounts", "serviceaccount", true, "ServiceAccount", List.of("sa"))));
  }

  private static Map<String, Object> apiGroup(String name, List<String> versions) {
    List<Object> groupVersions =
        versions.stream()
            .<Object>map(v -> Map.of("groupVersion", name + "/" + v, "version", v))
            .toList();
    return Map.of(
        "name",
        name,
        "versions",
        groupVersions,
        "preferredVersion",
        Map.of("groupVersion", name + "/" + versions.get(0), "version", versions.get(0)));
  }

  private static Map<String, Object> resourceList(String groupVersion, List<Object> resources) {
    return Map.of(
        "kind",
        "APIResourceList",
        "apiVersion",
        "v1",
        "groupVersion",
        groupVersion,
        "resources",
        resources);
  }

  private static Map<String, Object> resource(
      String plural, String singular, boolean namespaced, String kind, List<String> shortNames) {
    Map<String, Object> resource = new LinkedHashMap<>();
    resource.put("name", plural);
    resource.put("singularName", singular);
    resource.put("namespaced", namespaced);
    resource.put("kind", kind);
    resource.put("verbs", ALL_VERBS);
    if (!shortNames.isEmpty()) {
      resource.put("shortNames", shortNames);
    }
    return resource;
  }
}
