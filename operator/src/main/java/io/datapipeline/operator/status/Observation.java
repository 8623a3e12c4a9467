package io.datapipeline.operator.status;

import io.datapipeline.api.v1alpha1.DashboardStatus;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.deploy.StackOutcome;
import java.util.List;

/** What one reconcile found out: the single input from which the status is built. */
public sealed interface Observation {

  /** spec.suspend is true: nothing was looked at. */
  record Suspended() implements Observation {}

  /** The spec cannot be deployed as written; the message names the field. */
  record SpecInvalid(Reason reason, String message) implements Observation {}

  /** An AWS call failed for good: the account (permissions, quotas) or the spec must change. */
  record Stalled(Reason reason, String message) implements Observation {}

  /** AWS could not be reached or throttled us: the previous picture stands, a retry follows. */
  record Retrying(Reason reason, String message) implements Observation {}

  /** The stacks as deployed (one outcome per stack of the plan, in order). */
  record Deployed(List<StackOutcome> stacks, DashboardStatus dashboard, String connectionSecret)
      implements Observation {}
}
