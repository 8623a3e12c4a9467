package io.datapipeline.operator.tenancy;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.api.v1alpha1.Placement;
import io.datapipeline.api.v1alpha1.TenantAwsGrant;
import io.datapipeline.api.v1alpha1.TenantSpec;
import io.datapipeline.render.ImageTemplate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Decides, without any client, whether a pipeline's namespace is granted what its spec asks for:
 * exactly one tenant covering the namespace, a granted role (none named: the tenant's first, never
 * the operator's own identity), a granted region, no service role but the tenant's (which is forced
 * on every stack), a converter image from an allowed repository (the spec's, or else the operator's
 * default), and room under the tenant's pipeline limit.
 *
 * <p>A refusal names the field and what this namespace may use; it never mentions what another
 * tenant may use, nor which other tenants exist.
 */
public final class GrantMatcher {

  /** The oldest pipelines keep their place under a limit; ties broken by namespace and name. */
  private static final Comparator<DataPipeline> OLDEST_FIRST =
      Comparator.comparing(
              (DataPipeline p) ->
                  p.getMetadata().getCreationTimestamp() == null
                      ? "\uffff"
                      : p.getMetadata().getCreationTimestamp())
          .thenComparing(p -> p.getMetadata().getNamespace())
          .thenComparing(p -> p.getMetadata().getName());

  private GrantMatcher() {}

  /** Which tenants cover {@code namespace} (with these labels). */
  public static List<DataPipelineTenant> tenantsOf(
      String namespace, Map<String, String> labels, Collection<DataPipelineTenant> tenants) {
    List<DataPipelineTenant> covering = new ArrayList<>();
    for (DataPipelineTenant t : tenants) {
      if (NamespaceSelection.covers(t, namespace, labels)) {
        covering.add(t);
      }
    }
    return covering;
  }

  /**
   * @param namespaceLabels labels of the pipeline's namespace (for selectors)
   * @param tenantPipelines every pipeline of the tenant that covers the namespace, in any order
   *     (this one included or not), for the limit
   */
  public static Decision decide(
      DataPipeline pipeline,
      Map<String, String> namespaceLabels,
      Collection<DataPipelineTenant> tenants,
      Function<DataPipelineTenant, Collection<DataPipeline>> tenantPipelines) {
    return decide(pipeline, namespaceLabels, tenants, tenantPipelines, null);
  }

  /**
   * As {@link #decide(DataPipeline, Map, Collection, java.util.function.Function)}, where a
   * pipeline naming no converter image runs {@code defaultConverterImage} (the operator's
   * CONVERTER_IMAGE; null: none), which must then be in the tenant's allow-list too: the default is
   * filled for the granted role's account and the pipeline's region without any AWS call.
   */
  public static Decision decide(
      DataPipeline pipeline,
      Map<String, String> namespaceLabels,
      Collection<DataPipelineTenant> tenants,
      Function<DataPipelineTenant, Collection<DataPipeline>> tenantPipelines,
      ImageTemplate defaultConverterImage) {
    String namespace = pipeline.getMetadata().getNamespace();
    List<DataPipelineTenant> covering = tenantsOf(namespace, namespaceLabels, tenants);
    if (covering.isEmpty()) {
      return new Decision.Refused(
          "metadata.namespace",
          "namespace "
              + namespace
              + " is granted no AWS access: no DataPipelineTenant covers it (TENANCY=Enforced)."
              + " A cluster administrator must add it to a tenant's spec.namespaces.");
    }
    if (covering.size() > 1) {
      return new Decision.Refused(
          "metadata.namespace",
          "namespace "
              + namespace
              + " is covered by more than one DataPipelineTenant, so its grant is ambiguous and"
              + " nothing is deployed. A cluster administrator must leave it in exactly one.");
    }
    DataPipelineTenant tenant = covering.get(0);
    TenantSpec grant = tenant.getSpec();
    TenantAwsGrant aws = grant.aws == null ? new TenantAwsGrant() : grant.aws;
    var spec = pipeline.getSpec();
    var asked = spec.aws;
    String tenantName = tenant.getMetadata().getName();
    if (aws.roleArns == null || aws.roleArns.isEmpty()) {
      return refused(
          "spec.aws.roleArn", namespace, "no role is granted to it (tenant " + tenantName + ")");
    }
    String roleArn = asked == null || asked.roleArn == null ? aws.roleArns.get(0) : asked.roleArn;
    if (!aws.roleArns.contains(roleArn)) {
      return refused(
          "spec.aws.roleArn",
          namespace,
          "spec.aws.roleArn " + roleArn + " is not granted; it may use " + list(aws.roleArns));
    }
    String region = asked == null ? null : asked.region;
    List<String> regions = aws.regions == null ? List.of() : aws.regions;
    if (region == null || !regions.contains(region)) {
      return refused(
          "spec.aws.region",
          namespace,
          "spec.aws.region " + region + " is not granted; it may use " + list(regions));
    }
    String serviceRole = asked == null ? null : asked.cloudFormationRoleArn;
    if (serviceRole != null && !serviceRole.equals(aws.cloudFormationRoleArn)) {
      return refused(
          "spec.aws.cloudFormationRoleArn",
          namespace,
          "spec.aws.cloudFormationRoleArn "
              + serviceRole
              + " is not granted; "
              + (aws.cloudFormationRoleArn == null
                  ? "it may use none (leave the field out)"
                  : "it may use only " + aws.cloudFormationRoleArn + " (or leave the field out)"));
    }
    List<String> repositories =
        grant.converterImageRepositories == null ? List.of() : grant.converterImageRepositories;
    Optional<Decision> image =
        imageRefused(spec, roleArn, region, defaultConverterImage, repositories, namespace);
    if (image.isPresent()) {
      return image.get();
    }
    Integer limit = grant.limits == null ? null : grant.limits.pipelines;
    if (limit != null && rank(pipeline, tenantPipelines.apply(tenant)) >= limit) {
      return refused(
          "metadata.name",
          namespace,
          "tenant "
              + tenantName
              + " may have at most "
              + limit
              + " DataPipelines (limits.pipelines) and older ones use them all");
    }
    return new Decision.Permitted(
        new Grant(
            tenantName,
            region,
            roleArn,
            aws.cloudFormationRoleArn,
            aws.externalId,
            aws.permissionsBoundaryArn));
  }

  /**
   * The converter image the pipeline would run, the spec's or else the operator's default (for the
   * granted role's account and the region), outside the allow-list: refused naming the field and
   * the repository.
   */
  private static Optional<Decision> imageRefused(
      DataPipelineSpec spec,
      String roleArn,
      String region,
      ImageTemplate defaultConverterImage,
      List<String> repositories,
      String namespace) {
    if (repositories.isEmpty()) {
      return Optional.empty();
    }
    String named = spec.converter == null ? null : spec.converter.image;
    if (named != null && !named.isBlank()) {
      return ImageRepositories.allowed(named, repositories)
          ? Optional.empty()
          : Optional.of(
              refused(
                  "spec.converter.image",
                  namespace,
                  "spec.converter.image "
                      + named
                      + " is not from a granted repository; it may use "
                      + list(repositories)));
    }
    if (defaultConverterImage == null) {
      return Optional.empty(); // nothing runs: rendering refuses a pipeline without an image
    }
    String account = Placement.accountOf(roleArn);
    String image = defaultConverterImage.expand(region, () -> account);
    if (ImageRepositories.allowed(image, repositories)) {
      return Optional.empty();
    }
    return Optional.of(
        refused(
            "spec.converter.image",
            namespace,
            "spec.converter.image is not set, and the operator's default converter image"
                + " (CONVERTER_IMAGE) "
                + image
                + " is from repository "
                + ImageRepositories.repository(image)
                + ", which is not granted; set spec.converter.image to an image from "
                + list(repositories)));
  }

  /** How many of the tenant's pipelines are older than this one. */
  private static int rank(DataPipeline pipeline, Collection<DataPipeline> all) {
    List<DataPipeline> others = new ArrayList<>();
    for (DataPipeline p : all) {
      if (!sameObject(p, pipeline)) {
        others.add(p);
      }
    }
    int older = 0;
    for (DataPipeline p : others) {
      if (OLDEST_FIRST.compare(p, pipeline) < 0) {
        older++;
      }
    }
    return older;
  }

  private static boolean sameObject(DataPipeline a, DataPipeline b) {
    return Objects.equals(a.getMetadata().getNamespace(), b.getMetadata().getNamespace())
        && Objects.equals(a.getMetadata().getName(), b.getMetadata().getName());
  }

  private static Decision refused(String field, String namespace, String what) {
    return new Decision.Refused(field, "not permitted in namespace " + namespace + ": " + what);
  }

  private static String list(List<String> values) {
    return values.isEmpty() ? "none" : String.join(", ", values);
  }
}
