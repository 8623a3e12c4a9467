package io.datapipeline.operator.conditions;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Every reason the operator gives, on a condition or an Event: CamelCase for machines (the id is
 * derived from the constant's name), with what it means and what the user should do about it.
 * docs/operator.md "Reasons" is generated from this list.
 */
public enum Reason {
  // Summary conditions
  ALL_STACKS_COMPLETE(Use.CONDITION, "every stack of the pipeline is deployed as specified", "-"),
  NOT_STALLED(Use.CONDITION, "no stack needs attention", "-"),
  NOT_SUSPENDED(Use.CONDITION, "`spec.suspend` is false", "-"),
  RECONCILING(Use.CONDITION, "the operator has not observed this yet", "wait"),
  SUSPENDED(
      Use.CONDITION,
      "`spec.suspend` is true: no AWS call is made",
      "set `spec.suspend: false` to resume"),
  INVALID_SPEC(
      Use.BOTH,
      "the spec cannot be deployed as written; the message names the field",
      "fix the field and apply again"),
  THROTTLED(
      Use.CONDITION,
      "AWS throttled the operator's calls; it retries with a longer backoff",
      "nothing; if it persists, raise `POLL_INTERVAL` or the account's API limits"),
  AWS_UNAVAILABLE(
      Use.CONDITION,
      "an AWS call failed in a way a retry may fix (network, 5xx); the operator retries",
      "nothing; if it persists, check the operator's network and AWS health"),
  AWS_CALL_REJECTED(
      Use.BOTH,
      "an AWS call failed for good (e.g. `AccessDenied` on the artifacts bucket); the message"
          + " names the call and AWS's error code",
      "fix what the error code says (the operator's or `spec.aws.roleArn`'s permissions, quotas,"
          + " the bootstrap stack); the operator looks again every `POLL_INTERVAL`"),
  NOT_PERMITTED(
      Use.BOTH,
      "`TENANCY=Enforced`: the namespace's DataPipelineTenant does not grant what the spec asks"
          + " for (role, region, service role, converter image, pipeline limit), or no single"
          + " tenant covers the namespace; no AWS call is made, existing stacks stay as they are",
      "use what the message says the namespace may use, or ask a cluster administrator to grant"
          + " it (docs/tenancy.md)"),
  SECRET_CONFLICT(
      Use.CONDITION,
      "a Secret named `<name>-connection` exists and is not owned by this pipeline; it is never"
          + " touched",
      "delete or rename that Secret (or the pipeline)"),
  RECONCILE_ERROR(
      Use.CONDITION,
      "the reconcile failed unexpectedly (an operator defect); the framework retries with backoff",
      "report it with the operator's log"),
  // Bootstrap stack (the artifacts bucket of an account/region)
  CREATING_BOOTSTRAP_STACK(
      Use.CONDITION,
      "the account/region's `datapipeline-bootstrap` stack is being created",
      "wait"),
  BOOTSTRAP_READY(Use.CONDITION, "the artifacts bucket exists", "-"),
  BOOTSTRAP_STACK_FAILED(
      Use.CONDITION,
      "the `datapipeline-bootstrap` stack failed",
      "a platform administrator repairs or deletes that stack"),
  // One stack
  WAITING_FOR_DEPENDENCIES(
      Use.CONDITION, "the stack needs outputs of a stack that is not ready yet", "wait"),
  MISSING_OUTPUT(
      Use.CONDITION,
      "a stack this one needs has no output the parameter reads",
      "report it: the templates disagree (an operator defect)"),
  CREATING(Use.CONDITION, "the stack is being created", "wait"),
  STACK_IN_PROGRESS(Use.CONDITION, "CloudFormation is working on the stack", "wait"),
  UPDATING(Use.CONDITION, "the stack is being updated", "wait"),
  DELETING(Use.CONDITION, "the stack is being deleted to be made again", "wait"),
  STACK_COMPLETE(Use.CONDITION, "the stack is deployed as specified", "-"),
  CHANGE_SET_PENDING_APPROVAL(
      Use.CONDITION,
      "`updatePolicy: Manual`: a change set waits for approval (`status.stacks[].pendingChangeSet`)",
      "review it, then approve it by name: annotation `datapipeline.io/approve=<name>` or"
          + " `spec.approvedChangeSet`; or change the spec"),
  DATA_REPLACEMENT(
      Use.BOTH,
      "a change set would replace or remove a data resource (database, table, bucket, the"
          + " database's network) and waits for approval (`replacementPolicy: Guard`)",
      "check that losing the resource's data is intended, then approve the change set by name;"
          + " or change the spec"),
  AWAITING_APPROVAL(
      Use.BOTH,
      "nothing moves until a change set is approved (the message names them); on an Event: a"
          + " change set started waiting",
      "review and approve by name, or change the spec"),
  NOTHING_TO_APPROVE(Use.CONDITION, "no change set waits for approval", "-"),
  WAITING_FOR_APPROVAL(
      Use.CONDITION,
      "the stack needs an output only a change set waiting for approval brings",
      "approve that change set"),
  REVERTING_DRIFT(
      Use.CONDITION,
      "`driftPolicy: Revert`: a drift-aware change set brings drifted resources back",
      "wait (or approve it, under Manual or when it touches data)"),
  STACK_DRIFTED(
      Use.BOTH,
      "a stack's resources were changed outside CloudFormation (`status.stacks[].drift`)",
      "undo the change, adopt it in the spec, or set `driftPolicy: Revert`"),
  REVERT_FAILED(
      Use.CONDITION,
      "`driftPolicy: Revert`: the revert failed or left the drift (`status.stacks[].drift.reason`)",
      "fix the resource by hand; the next detection looks again"),
  IN_SYNC(Use.CONDITION, "every stack matches its template", "-"),
  NOT_CHECKED(Use.CONDITION, "drift not detected yet (or turned off)", "-"),
  // The data path (DataPathHealthy)
  NO_FAILED_FILES(
      Use.CONDITION,
      "no file failed in the last hour and the converter's failure queue is empty",
      "-"),
  FILES_FAILING(
      Use.CONDITION,
      "files failed in the last hour (the converter's `FilesFailed`) or wait in the failure queue;"
          + " the message gives the counts and the oldest waiting failure's age",
      "read why in `pipeline_loads` (`status = 'failed'`) or the queued records' `responsePayload`,"
          + " fix the file or the schema, then upload again or redrive the queue"),
  STACK_QUOTA_NEARING(
      Use.BOTH,
      "the pipeline's account/region holds at least `STACK_QUOTA_WARNING_PERCENT` of its"
          + " CloudFormation stack quota (DescribeAccountLimits; the message says how many of how"
          + " many): new stacks may soon be refused",
      "delete stacks nobody needs in that account/region, or ask AWS for a higher stack quota"
          + " (Service Quotas); on an Event: the account/region just reached the threshold"),
  STACK_QUOTA_AVAILABLE(
      Use.CONDITION,
      "the pipeline's account/region is below `STACK_QUOTA_WARNING_PERCENT` of its stack quota",
      "-"),
  CHANGE_SET_FAILED(
      Use.CONDITION,
      "CloudFormation refused the change set",
      "read the message; change the spec (or the account) accordingly"),
  CLOUD_FORMATION_REJECTED(
      Use.CONDITION,
      "CloudFormation rejected a call for good (e.g. a validation error)",
      "read the message; change the spec or the operator's permissions"),
  CREATE_FAILED(
      Use.CONDITION,
      "the stack's first create failed, also after `MAX_RECREATE_ATTEMPTS` new attempts;"
          + " `status.stacks[].reason` names the first failing resource",
      "fix the cause (spec, quotas, permissions); a new generation tries again"),
  RECREATING_FAILED_STACK(
      Use.CONDITION, "a stack whose first create failed is deleted to be created again", "wait"),
  UPDATE_ROLLED_BACK(
      Use.CONDITION,
      "an update failed and CloudFormation rolled it back; the old resources stand",
      "fix the cause named in the message and change the spec"),
  UPDATE_ROLLBACK_FAILED(
      Use.CONDITION,
      "a stack is stuck in UPDATE_ROLLBACK_FAILED: ContinueUpdateRollback (then skipping the"
          + " non-data resources whose rollback failed) did not get it out; the message names the"
          + " resources",
      "fix the named resources in AWS, then change the spec or run"
          + " `aws cloudformation continue-update-rollback`"),
  CONTINUING_UPDATE_ROLLBACK(
      Use.BOTH, "an update rollback had failed; the operator continues it", "wait"),
  STACK_OWNED_BY_ANOTHER(
      Use.CONDITION,
      "a stack of that name exists but belongs to another pipeline (or none); it is never touched",
      "delete or rename one of them"),
  // Events only
  STACK_CREATING(Use.EVENT, "the operator started creating a stack", "-"),
  STACK_CREATED(Use.EVENT, "a stack was created", "-"),
  STACK_UPDATING(Use.EVENT, "the operator started updating a stack", "-"),
  STACK_UPDATED(Use.EVENT, "a stack was updated", "-"),
  STACK_FAILED(Use.EVENT, "a stack operation failed for good", "see the conditions"),
  STACK_UPDATE_FAILED(Use.EVENT, "an update was rolled back", "see the `Stalled` condition"),
  STACK_RECOVERED(Use.EVENT, "a stack that had failed is healthy again", "-"),
  STACK_RECREATED(
      Use.EVENT,
      "a stack was deleted outside the operator and is created again",
      "find out who deleted it"),
  RECREATING_STACK(
      Use.EVENT, "a stack whose first create failed is deleted to be created again", "-"),
  CHANGE_SET_REMADE(
      Use.EVENT,
      "a change set of ours failed or went OBSOLETE (the stack changed under it); it is deleted and"
          + " made again for the current generation, once",
      "if it fails again, see the `Stalled` condition"),
  RETRYING_DELETE(
      Use.EVENT,
      "a stack's deletion failed; deleting it again after a backoff (many times when the failure"
          + " is transient, such as a security group still held by Lambda's network interfaces;"
          + " once otherwise)",
      "nothing; if the message names a cause you can fix (a non-empty bucket), fix it"),
  RESOURCE_RETAINED(
      Use.EVENT,
      "a resource kept failing to delete until its retry budget ran out; its stack is deleted"
          + " without it and the resource stays in AWS",
      "delete the named resource by hand"),
  RESOURCES_LEFT_BEHIND(
      Use.EVENT,
      "every stack of the pipeline is deleted, but resources the spec said to delete could not be"
          + " and are still in AWS (never reported as `StacksDeleted`)",
      "delete the named resources by hand"),
  RETAINED(
      Use.EVENT,
      "a deleted stack kept a resource, as its deletion policy says (`Retain`); the message has"
          + " its ARN (from the deleted stack's events; when those cannot be read, the resource as"
          + " its template names it)",
      "nothing; delete it by hand when it is no longer wanted"),
  UNPROTECTING_DATABASE(
      Use.EVENT,
      "before deleting a stack whose database has `DeletionPolicy: Snapshot`, the operator turns"
          + " its DeletionProtection off by a stack update (change set), so the delete can take"
          + " the final snapshot",
      "-"),
  UNPROTECT_FAILED(
      Use.EVENT,
      "the update turning a database's DeletionProtection off before the delete failed; the stack"
          + " is deleted anyway, RDS refuses and the database is kept (named in"
          + " `ResourceRetained`)",
      "read the change set's reason, turn DeletionProtection off by hand and take a snapshot,"
          + " then delete the instance"),
  FINAL_SNAPSHOT(
      Use.EVENT,
      "a deleted stack's database was deleted with a final snapshot (`DeletionPolicy:"
          + " Snapshot`); the message has the snapshot's identifier and ARN",
      "-"),
  FINAL_SNAPSHOT_MISSING(
      Use.EVENT,
      "a database with `DeletionPolicy: Snapshot` is deleted but no final snapshot of it was"
          + " found",
      "check RDS snapshots of the instance (the message names it); the data may be lost"),
  COMPONENT_REMOVED(
      Use.EVENT,
      "a component left the spec (e.g. `dashboard.enabled: false`) and its stack is deleted",
      "-"),
  REMOVING_COMPONENT(
      Use.CONDITION,
      "a component left the spec; its stack is being deleted with the care of a pipeline deletion",
      "wait"),
  CHANGE_SET_APPROVED(Use.EVENT, "a change set approved by name is executed", "-"),
  CHANGE_SET_SUPERSEDED(
      Use.EVENT,
      "a change set waiting for approval no longer matches the spec and was deleted",
      "review and approve the new one"),
  APPROVAL_IGNORED(
      Use.EVENT,
      "an approval names no change set waiting for approval (stale, mistyped, or the spec changed"
          + " since the preview); nothing was executed",
      "approve the change set the message names"),
  STACK_IN_SYNC(Use.EVENT, "a drifted stack matches its template again", "-"),
  DRIFT_REVERT_FAILED(
      Use.EVENT, "the revert change set of a drifted stack failed", "see condition `Drifted`"),
  STACK_ORPHANED(
      Use.EVENT,
      "the pipeline was released by annotation `datapipeline.io/deletion-policy: Orphan` without"
          + " deleting its stacks; this stack is left in AWS with everything in it",
      "delete the stack in AWS when it is no longer wanted"),
  STACK_DELETING(Use.EVENT, "the operator started deleting a stack", "-"),
  STACKS_DELETED(Use.EVENT, "every stack of the pipeline is deleted", "-");

  /** Where the reason appears. */
  public enum Use {
    CONDITION,
    EVENT,
    BOTH
  }

  private final String id;
  private final Use use;
  private final String meaning;
  private final String action;

  Reason(Use use, String meaning, String action) {
    this.id = camelCase(name());
    this.use = use;
    this.meaning = meaning;
    this.action = action;
  }

  /** The CamelCase reason as the status and Events carry it, e.g. {@code CreateFailed}. */
  public String id() {
    return id;
  }

  public Use use() {
    return use;
  }

  /** What it means, for people. */
  public String meaning() {
    return meaning;
  }

  /** What the user should do ({@code -}: nothing). */
  public String action() {
    return action;
  }

  /** The reason the status or an Event spells {@code id}, if it is one of ours. */
  public static Optional<Reason> fromId(String id) {
    return Arrays.stream(values()).filter(r -> r.id.equals(id)).findFirst();
  }

  private static String camelCase(String constant) {
    StringBuilder out = new StringBuilder();
    for (String word : constant.split("_")) {
      out.append(word.charAt(0)).append(word.substring(1).toLowerCase(Locale.ROOT));
    }
    return out.toString();
  }

  @Override
  public String toString() {
    return id;
  }
}
