package io.datapipeline.operator.tenancy;

import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;

/**
 * What a tenant's status says: how many pipelines it has and whether its grant is in force (Ready),
 * or why not: a namespace it names is named by another tenant too (Ambiguous: those pipelines are
 * refused), or it has more pipelines than its limit (LimitExceeded: the newest are refused).
 */
public record TenantReport(int pipelines, boolean ready, String reason, String message) {

  public static final String GRANTED = "Granted";
  public static final String AMBIGUOUS = "Ambiguous";
  public static final String LIMIT_EXCEEDED = "LimitExceeded";

  public static TenantReport of(
      DataPipelineTenant tenant, Collection<DataPipelineTenant> all, int pipelines) {
    TreeSet<String> shared = new TreeSet<>();
    List<String> own = tenant.getSpec() == null ? List.of() : tenant.getSpec().namespaces;
    for (DataPipelineTenant other : all) {
      if (other == tenant
          || Objects.equals(other.getMetadata().getName(), tenant.getMetadata().getName())
          || other.getSpec() == null
          || other.getSpec().namespaces == null) {
        continue;
      }
      for (String ns : own == null ? List.<String>of() : own) {
        if (other.getSpec().namespaces.contains(ns)) {
          shared.add(ns);
        }
      }
    }
    if (!shared.isEmpty()) {
      // Only the namespaces: the other tenant's name and grant are none of this tenant's business.
      return new TenantReport(
          pipelines,
          false,
          AMBIGUOUS,
          "namespaces also named by another DataPipelineTenant, whose pipelines are refused: "
              + String.join(", ", shared));
    }
    Integer limit =
        tenant.getSpec() == null || tenant.getSpec().limits == null
            ? null
            : tenant.getSpec().limits.pipelines;
    if (limit != null && pipelines > limit) {
      return new TenantReport(
          pipelines,
          false,
          LIMIT_EXCEEDED,
          pipelines + " DataPipelines, limits.pipelines is " + limit + ": the newest are refused");
    }
    return new TenantReport(
        pipelines,
        true,
        GRANTED,
        "the grant is in force for "
            + pipelines
            + " DataPipeline"
            + (pipelines == 1 ? "" : "s")
            + (limit == null ? "" : " (limit " + limit + ")"));
  }
}
