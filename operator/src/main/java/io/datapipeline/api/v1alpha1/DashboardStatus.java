package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Grafana's ECS service and its auto scaling, as ECS and Application Auto Scaling report. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class DashboardStatus {

  @JsonPropertyDescription("Grafana tasks running now.")
  public Integer runningTasks;

  @JsonPropertyDescription("Grafana tasks the service wants (set by auto scaling).")
  public Integer desiredTasks;

  @JsonPropertyDescription("The most recent auto scaling activity of the service.")
  public ScalingActivity lastScalingActivity;

  /** One Application Auto Scaling activity. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class ScalingActivity {
    @JsonPropertyDescription("When it started (RFC 3339).")
    public String time;

    @JsonPropertyDescription("Why it happened, as Application Auto Scaling says.")
    public String cause;

    @JsonPropertyDescription("Successful, InProgress, Failed, ...")
    public String status;
  }
}
