package io.datapipeline.operator.ports;

import io.datapipeline.api.v1alpha1.DashboardStatus;

/** Reads Grafana's ECS service and its Application Auto Scaling activity. */
public interface DashboardReader {

  /** Running and desired tasks and the latest scaling activity of the service. */
  DashboardStatus read(String clusterName, String serviceName);
}
