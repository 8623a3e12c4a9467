package io.datapipeline.operator.deploy;

/** Where one stack stands against its desired state. */
public enum Phase {
  /** Deployed at the desired template and parameters. */
  READY,
  /** CloudFormation (or the operator) is working on it: look again soon. */
  IN_PROGRESS,
  /** Its inputs (other stacks' outputs) are not ready yet; nothing was called. */
  WAITING,
  /** A change set waits for a person to execute it (updatePolicy: Manual). */
  PENDING_APPROVAL,
  /** Retrying will not help: the spec, the template or the account must change. */
  STALLED
}
