package io.datapipeline.helm;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.openshift.api.model.monitoring.v1.ServiceMonitor;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Parses Kubernetes manifests into typed fabric8 objects and refuses anything the API server would
 * not accept as written: an unknown apiVersion/kind, a field the type does not have (at any depth),
 * a value of the wrong type.
 *
 * <p>fabric8's own deserializer keeps unknown fields in each object's {@code additionalProperties}
 * map instead of failing, so after binding the whole object tree is walked and any non-empty
 * catch-all map is reported with its path.
 */
final class StrictManifests {

  /** Every apiVersion/kind the chart may render, and the type that must hold it. */
  private static final Map<String, Class<? extends HasMetadata>> TYPES =
      Map.ofEntries(
          Map.entry("v1/ServiceAccount", ServiceAccount.class),
          Map.entry("v1/Service", Service.class),
          Map.entry("v1/ConfigMap", ConfigMap.class),
          Map.entry("apps/v1/Deployment", Deployment.class),
          Map.entry("rbac.authorization.k8s.io/v1/Role", Role.class),
          Map.entry("rbac.authorization.k8s.io/v1/RoleBinding", RoleBinding.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRole", ClusterRole.class),
          Map.entry("rbac.authorization.k8s.io/v1/ClusterRoleBinding", ClusterRoleBinding.class),
          Map.entry("policy/v1/PodDisruptionBudget", PodDisruptionBudget.class),
          Map.entry("monitoring.coreos.com/v1/ServiceMonitor", ServiceMonitor.class),
          Map.entry(
              "apiextensions.k8s.io/v1/CustomResourceDefinition", CustomResourceDefinition.class),
          // Our own custom resource: untyped here, checked against its CRD by TenantsTest.
          Map.entry(
              "datapipeline.io/v1alpha1/DataPipelineTenant", GenericKubernetesResource.class));

  private static final ObjectMapper YAML =
      new ObjectMapper(new YAMLFactory())
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

  private StrictManifests() {}

  /** Every non-empty document of a multi-document YAML stream, typed. */
  static List<HasMetadata> parseAll(String yaml) {
    List<HasMetadata> objects = new ArrayList<>();
    try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(yaml)) {
      while (documents.hasNext()) {
        JsonNode document = documents.next();
        if (document == null || document.isNull() || document.isEmpty()) {
          continue;
        }
        objects.add(parse(document));
      }
    } catch (IOException e) {
      throw new IllegalArgumentException("Rendered output is not valid YAML: " + e.getMessage(), e);
    }
    return objects;
  }

  static HasMetadata parse(JsonNode document) {
    String typeKey = document.path("apiVersion").asText() + "/" + document.path("kind").asText();
    String name = document.path("metadata").path("name").asText("<no name>");
    Class<? extends HasMetadata> type = TYPES.get(typeKey);
    if (type == null) {
      throw new IllegalArgumentException(
          "Unexpected apiVersion/kind " + typeKey + " (" + name + "); known: " + TYPES.keySet());
    }
    HasMetadata object;
    try {
      object = YAML.treeToValue(document, type);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          typeKey
              + " "
              + name
              + " does not bind to "
              + type.getSimpleName()
              + ": "
              + e.getMessage(),
          e);
    }
    List<String> unknown = new ArrayList<>();
    if (!(object instanceof GenericKubernetesResource)) {
      collectUnknownFields(object, typeKey + " " + name, unknown);
    }
    if (!unknown.isEmpty()) {
      throw new IllegalArgumentException("Unknown fields: " + String.join(", ", unknown));
    }
    return object;
  }

  private static void collectUnknownFields(Object value, String path, List<String> unknown) {
    if (value == null) {
      return;
    }
    if (value instanceof Collection<?> items) {
      int index = 0;
      for (Object item : items) {
        collectUnknownFields(item, path + "[" + index++ + "]", unknown);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        collectUnknownFields(entry.getValue(), path + "." + entry.getKey(), unknown);
      }
      return;
    }
    if (!value.getClass().getName().startsWith("io.fabric8.")) {
      return;
    }
    for (Class<?> type = value.getClass();
        type != null && type.getName().startsWith("io.fabric8.");
        type = type.getSuperclass()) {
      for (Field field : type.getDeclaredFields()) {
        if (Modifier.isStatic(field.getModifiers())) {
          continue;
        }
        field.setAccessible(true);
        Object fieldValue;
        try {
          fieldValue = field.get(value);
        } catch (IllegalAccessException e) {
          throw new IllegalStateException(e);
        }
        boolean catchAll =
            field.getName().equals("additionalProperties") && fieldValue instanceof Map<?, ?>;
        if (catchAll) {
          for (Object key : ((Map<?, ?>) fieldValue).keySet()) {
            unknown.add(path + "." + key);
          }
        } else {
          collectUnknownFields(fieldValue, path + "." + field.getName(), unknown);
        }
      }
    }
  }
}
