package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import java.lang.reflect.Proxy;

/** JOSDK's context as the reconciler's tests need it: only the client; anything else fails. */
final class ClientOnlyContext {

  private ClientOnlyContext() {}

  @SuppressWarnings("unchecked")
  static Context<DataPipeline> of(KubernetesClient client) {
    return (Context<DataPipeline>)
        Proxy.newProxyInstance(
            Context.class.getClassLoader(),
            new Class<?>[] {Context.class},
            (proxy, method, args) -> {
              if (method.getName().equals("getClient")) {
                return client;
              }
              throw new UnsupportedOperationException(method.getName());
            });
  }
}
