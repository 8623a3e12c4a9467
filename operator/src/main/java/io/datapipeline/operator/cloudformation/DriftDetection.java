package io.datapipeline.operator.cloudformation;

/**
 * A DetectStackDrift run as DescribeStackDriftDetectionStatus reports it.
 *
 * @param detectionStatus DETECTION_IN_PROGRESS, DETECTION_COMPLETE or DETECTION_FAILED
 * @param stackDriftStatus DRIFTED, IN_SYNC, UNKNOWN or NOT_CHECKED
 * @param reason why detection failed (or some resources could not be checked), or null
 */
public record DriftDetection(String detectionStatus, String stackDriftStatus, String reason) {

  public boolean inProgress() {
    return "DETECTION_IN_PROGRESS".equals(detectionStatus);
  }

  /** Done: COMPLETE, or FAILED with a partial result (CloudFormation still sets the status). */
  public boolean finished() {
    return !inProgress();
  }
}
