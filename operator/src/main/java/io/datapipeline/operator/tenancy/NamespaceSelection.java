package io.datapipeline.operator.tenancy;

import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.api.v1alpha1.TenantNamespaceSelector;
import io.datapipeline.api.v1alpha1.TenantSpec;
import java.util.List;
import java.util.Map;

/** Whether a tenant covers a namespace: by name, or by a label selector on the namespace. */
final class NamespaceSelection {

  private NamespaceSelection() {}

  static boolean covers(DataPipelineTenant tenant, String namespace, Map<String, String> labels) {
    TenantSpec spec = tenant.getSpec();
    if (spec == null) {
      return false;
    }
    if (spec.namespaces != null && spec.namespaces.contains(namespace)) {
      return true;
    }
    return spec.namespaceSelector != null && selects(spec.namespaceSelector, labels);
  }

  /** Kubernetes label selector semantics; an empty selector selects nothing here (CEL refuses). */
  static boolean selects(TenantNamespaceSelector selector, Map<String, String> labels) {
    Map<String, String> matchLabels =
        selector.matchLabels == null ? Map.of() : selector.matchLabels;
    List<TenantNamespaceSelector.Requirement> expressions =
        selector.matchExpressions == null ? List.of() : selector.matchExpressions;
    if (matchLabels.isEmpty() && expressions.isEmpty()) {
      return false;
    }
    for (Map.Entry<String, String> e : matchLabels.entrySet()) {
      if (!e.getValue().equals(labels.get(e.getKey()))) {
        return false;
      }
    }
    for (TenantNamespaceSelector.Requirement r : expressions) {
      List<String> values = r.values == null ? List.of() : r.values;
      String value = labels.get(r.key);
      boolean ok =
          switch (r.operator) {
            case In -> value != null && values.contains(value);
            case NotIn -> value == null || !values.contains(value);
            case Exists -> labels.containsKey(r.key);
            case DoesNotExist -> !labels.containsKey(r.key);
          };
      if (!ok) {
        return false;
      }
    }
    return true;
  }
}
