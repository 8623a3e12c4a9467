package io.datapipeline.operator.aws;

import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.operator.ports.DashboardReader;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.applicationautoscaling.ApplicationAutoScalingClient;
import software.amazon.awssdk.services.applicationautoscaling.model.ServiceNamespace;
import software.amazon.awssdk.services.ecs.EcsClient;

/**
 * Grafana's service figures from ECS, its latest scaling activity from Application Auto Scaling.
 */
public record SdkDashboardReader(
    EcsClient ecs, ApplicationAutoScalingClient autoScaling, SessionCredentials as)
    implements DashboardReader {

  @Override
  public DashboardStatus read(String clusterName, String serviceName) {
    DashboardStatus status = new DashboardStatus();
    try {
      ecs
          .describeServices(r -> as.on(r).cluster(clusterName).services(serviceName))
          .services()
          .stream()
          .findFirst()
          .ifPresent(
              s -> {
                status.runningTasks = s.runningCount();
                status.desiredTasks = s.desiredCount();
              });
      String serviceShortName = serviceName.substring(serviceName.lastIndexOf('/') + 1);
      autoScaling
          .describeScalingActivities(
              r ->
                  as.on(r)
                      .serviceNamespace(ServiceNamespace.ECS)
                      .resourceId("service/" + clusterName + "/" + serviceShortName)
                      .maxResults(1))
          .scalingActivities()
          .stream()
          .findFirst()
          .ifPresent(
              a -> {
                DashboardStatus.ScalingActivity activity = new DashboardStatus.ScalingActivity();
                activity.time = a.startTime() == null ? null : a.startTime().toString();
                activity.cause = a.cause();
                activity.status = a.statusCodeAsString();
                status.lastScalingActivity = activity;
              });
      return status;
    } catch (SdkException e) {
      throw AwsErrors.classify("DescribeDashboard", e);
    }
  }
}
