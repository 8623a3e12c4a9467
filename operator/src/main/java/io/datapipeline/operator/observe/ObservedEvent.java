package io.datapipeline.operator.observe;

/**
 * What one message of the stack-events queue says, as the observation acts on it: a stack changed
 * (read it again), a drift detection finished (its result, no call needed), or a dashboard's ECS
 * service or tasks changed (read that dashboard again).
 */
public sealed interface ObservedEvent {

  /**
   * CloudFormation "Stack Status Change": the stack's state is to be read again, unless it was read
   * after the change.
   *
   * @param occurredAt when the change happened (the event's {@code time}); null when unknown
   */
  record StackChanged(String stackName, java.time.Instant occurredAt) implements ObservedEvent {

    /** A change of unknown time: always read again. */
    public StackChanged(String stackName) {
      this(stackName, null);
    }
  }

  /**
   * CloudFormation "Drift Detection Status Change": the detection's outcome, as the event carries
   * it (so no DescribeStackDriftDetectionStatus is needed).
   *
   * @param detectionStatus DETECTION_IN_PROGRESS, DETECTION_COMPLETE or DETECTION_FAILED
   * @param stackDriftStatus DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED
   */
  record DriftDetected(
      String stackName, String detectionId, String detectionStatus, String stackDriftStatus)
      implements ObservedEvent {

    public boolean finished() {
      return !"DETECTION_IN_PROGRESS".equals(detectionStatus);
    }
  }

  /**
   * ECS "Service Action", "Deployment State Change" or "Task State Change" of a cluster: the
   * dashboard whose cluster it is has other tasks or scaling now.
   */
  record DashboardChanged(String clusterName) implements ObservedEvent {}
}
