package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackEvent;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gets a stack out of UPDATE_ROLLBACK_FAILED, bounded: ContinueUpdateRollback as is first; when the
 * rollback fails again, again skipping the non-data resources whose rollback failed (skipping a
 * resource leaves it as it is, which CloudFormation then takes as rolled back; never done to a
 * database, table or bucket, whose state is data); once the budget is spent, or only data resources
 * block, Stalled {@code UpdateRollbackFailed} naming them.
 */
final class RollbackRescuer {

  /** Resources whose state is the tenant's data: their rollback is never skipped. */
  static final Set<String> DATA_TYPES =
      Set.of(
          "AWS::RDS::DBInstance", "AWS::RDS::DBCluster", "AWS::DynamoDB::Table", "AWS::S3::Bucket");

  /** A resource whose rollback failed. */
  record Blocked(String logicalId, String type, String reason) {
    boolean isData() {
      return DATA_TYPES.contains(type);
    }

    @Override
    public String toString() {
      return logicalId + " (" + type + "): " + reason;
    }
  }

  private final RecreateBudget budget;
  private final FailureMemo failures;

  RollbackRescuer(RecreateBudget budget, FailureMemo failures) {
    this.budget = budget;
    this.failures = failures;
  }

  StackOutcome step(
      PipelineRef pipeline,
      DesiredStack desired,
      StackView stack,
      CloudFormationApi cfn,
      Runnable changed,
      List<Notice> notices) {
    String stackName = stack.name();
    String failure = failures.firstFailure(cfn, stack);
    List<Blocked> blocked = failures.remember("rollback", stack, () -> blocked(cfn, stackName));
    String key = "rollback/" + stackName;
    boolean first = budget.used(key, pipeline.uid(), pipeline.generation()) == 0;
    Set<String> skip = new LinkedHashSet<>();
    if (!first) {
      blocked.stream().filter(b -> !b.isData()).forEach(b -> skip.add(b.logicalId()));
    }
    boolean pointless = !first && skip.isEmpty();
    if (pointless || !budget.tryAcquire(key, pipeline.uid(), pipeline.generation())) {
      String message =
          stackName
              + " is stuck in UPDATE_ROLLBACK_FAILED after "
              + budget.used(key, pipeline.uid(), pipeline.generation())
              + " ContinueUpdateRollback attempt(s); the rollback of these resources fails: "
              + (blocked.isEmpty() ? failure : blocked.toString())
              + ". Fix them in AWS (data resources are never skipped), then change the spec or run"
              + " `aws cloudformation continue-update-rollback`";
      return StackOutcome.of(
              desired.spec().component(),
              stackName,
              Phase.STALLED,
              Reason.UPDATE_ROLLBACK_FAILED,
              message)
          .withFailure(failure);
    }
    cfn.continueUpdateRollback(stackName, skip, pipeline.cloudFormationRoleArn());
    changed.run();
    notices.add(
        Notice.warning(
            Reason.CONTINUING_UPDATE_ROLLBACK,
            stackName
                + " was stuck in UPDATE_ROLLBACK_FAILED ("
                + failure
                + "); continuing"
                + (skip.isEmpty() ? "" : ", skipping " + skip)
                + " (attempt "
                + budget.used(key, pipeline.uid(), pipeline.generation())
                + " of "
                + budget.maxAttempts()
                + ")"));
    return StackOutcome.of(
            desired.spec().component(),
            stackName,
            Phase.IN_PROGRESS,
            Reason.CONTINUING_UPDATE_ROLLBACK,
            "rolling back the failed update of " + stackName)
        .withFailure(failure);
  }

  /**
   * Resources whose update failed in the latest rollback (after its UPDATE_ROLLBACK_IN_PROGRESS).
   */
  static List<Blocked> blocked(CloudFormationApi cfn, String stackName) {
    Map<String, Blocked> found = new LinkedHashMap<>();
    for (StackEvent e : cfn.describeStackEvents(stackName)) {
      if (e.isStackItself() && "UPDATE_ROLLBACK_IN_PROGRESS".equals(e.resourceStatus())) {
        break;
      }
      if (!e.isStackItself() && "UPDATE_FAILED".equals(e.resourceStatus())) {
        found.putIfAbsent(
            e.logicalResourceId(),
            new Blocked(e.logicalResourceId(), e.resourceType(), e.resourceStatusReason()));
      }
    }
    return new ArrayList<>(found.values());
  }
}
