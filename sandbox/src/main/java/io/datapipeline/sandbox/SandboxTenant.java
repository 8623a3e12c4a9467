package io.datapipeline.sandbox;

import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.api.v1alpha1.TenantAwsGrant;
import io.datapipeline.api.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The tenant the sandbox installs, so its operator runs {@code TENANCY=Enforced} as production
 * does: namespace {@value #NAMESPACE} may deploy into moto's default account (the account the
 * README's AWS CLI commands look at) through a role assumed by STS, as on AWS. Pipelines in any
 * other namespace are refused with {@code NotPermitted} until a tenant grants that namespace
 * ({@code kubectl apply -f} of a DataPipelineTenant works against the sandbox).
 */
final class SandboxTenant {

  static final String NAME = "sandbox";
  static final String NAMESPACE = "sandbox";

  /** moto's default account; moto's STS issues credentials for any role named in it. */
  static final String ROLE_ARN = "arn:aws:iam::123456789012:role/datapipeline-sandbox";

  /** The sandbox's default region and the one the examples use. */
  private static final List<String> EXAMPLE_REGIONS = List.of("eu-west-1", "us-east-1");

  private SandboxTenant() {}

  static DataPipelineTenant tenant(String defaultRegion) {
    Set<String> regions = new LinkedHashSet<>();
    regions.add(defaultRegion);
    regions.addAll(EXAMPLE_REGIONS);
    TenantAwsGrant aws = new TenantAwsGrant();
    aws.roleArns = List.of(ROLE_ARN);
    aws.regions = List.copyOf(regions);
    TenantSpec spec = new TenantSpec();
    spec.namespaces = List.of(NAMESPACE);
    spec.aws = aws;
    DataPipelineTenant tenant = new DataPipelineTenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName(NAME).build());
    tenant.setSpec(spec);
    return tenant;
  }

  static void install(KubernetesClient client, String defaultRegion) {
    client.resource(tenant(defaultRegion)).create();
  }
}
