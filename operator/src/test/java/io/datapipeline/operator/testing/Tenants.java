package io.datapipeline.operator.testing;

import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.api.v1alpha1.TenantAwsGrant;
import io.datapipeline.api.v1alpha1.TenantSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.function.Consumer;

/** DataPipelineTenant objects for tests, as a cluster administrator would write them. */
public final class Tenants {

  private Tenants() {}

  /** A tenant whose spec (with an empty AWS grant) {@code spec} fills in. */
  public static DataPipelineTenant tenant(String name, Consumer<TenantSpec> spec) {
    DataPipelineTenant t = new DataPipelineTenant();
    t.setMetadata(new ObjectMetaBuilder().withName(name).build());
    TenantSpec s = new TenantSpec();
    s.aws = new TenantAwsGrant();
    spec.accept(s);
    t.setSpec(s);
    return t;
  }

  /** A tenant granting one namespace one role in one region, and nothing else. */
  public static DataPipelineTenant plainTenant(
      String name, String namespace, String role, String region) {
    return tenant(
        name,
        s -> {
          s.namespaces = List.of(namespace);
          s.aws.roleArns = List.of(role);
          s.aws.regions = List.of(region);
        });
  }
}
