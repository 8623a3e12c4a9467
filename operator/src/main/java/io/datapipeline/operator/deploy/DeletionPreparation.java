package io.datapipeline.operator.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.DeletionPrelude;
import io.datapipeline.render.cfn.CanonicalJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gets a stack ready for its delete: a database whose deletion policy is Snapshot has its
 * DeletionProtection turned off first, by a change set that changes nothing else ({@link
 * DeletionPrelude}, applied to the deployed template, every parameter kept), so RDS accepts the
 * delete and CloudFormation takes the final snapshot. One step per call, never blocking.
 */
final class DeletionPreparation {

  /** The one change set of ours on a stack about to be deleted. */
  static final String CHANGE_SET = "dp-unprotect-before-delete";

  /** What the update may need to acknowledge (the template is our own, already deployed). */
  private static final Set<String> CAPABILITIES = Set.of("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM");

  /**
   * Stacks (by id) whose change set this process executed: one that is executable again afterwards
   * (an API that never applies it) is not executed a second time.
   */
  private final Set<String> executed = ConcurrentHashMap.newKeySet();

  /**
   * Where the preparation stands.
   *
   * @param waiting a message while the stack is not ready to be deleted yet; null once it is
   * @param snapshotted logical ids and types of the resources the delete will snapshot
   * @param retained logical ids and types of the resources the deployed template keeps
   *     (DeletionPolicy Retain); null when the deployed template could not be read
   */
  record Readiness(String waiting, Map<String, String> snapshotted, Map<String, String> retained) {
    boolean ready() {
      return waiting == null;
    }
  }

  Readiness step(PipelineRef pipeline, StackView stack, AwsSession aws, List<Notice> notices) {
    CloudFormationApi cfn = aws.cloudFormation();
    String stackName = stack.name();
    Optional<String> deployed = cfn.getTemplate(stackName);
    if (deployed.isEmpty() || !isJson(deployed.get())) {
      // Not a template we rendered (ours are JSON): nothing of ours to prepare, nothing known kept.
      return new Readiness(null, Map.of(), null);
    }
    Map<String, String> snapshotted = DeletionPrelude.snapshotted(deployed.get());
    Map<String, String> retained = DeletionPrelude.retained(deployed.get());
    Optional<String> unprotected = DeletionPrelude.unprotected(deployed.get());
    if (unprotected.isEmpty()) {
      executed.remove(stack.id());
      return new Readiness(null, snapshotted, retained);
    }
    Optional<ChangeSetView> found = cfn.describeChangeSet(stackName, CHANGE_SET);
    if (found.isEmpty()) {
      cfn.createChangeSet(
          new ChangeSetRequest(
              stackName,
              CHANGE_SET,
              false,
              unprotected.get(),
              null,
              Map.of(),
              stack.tags(),
              CAPABILITIES,
              pipeline.cloudFormationRoleArn(),
              false,
              parameterNames(deployed.get())));
      aws.stacks().changed(stackName);
      notices.add(
          Notice.normal(
              Reason.UNPROTECTING_DATABASE,
              "turning DeletionProtection off on "
                  + String.join(", ", snapshotted.keySet())
                  + " of "
                  + stackName
                  + " (a stack update, nothing else changes) so its deletion takes a final"
                  + " snapshot, as DeletionPolicy Snapshot says"));
      return waiting(stackName, snapshotted, retained);
    }
    ChangeSetView cs = found.get();
    if (cs.executable() && executed.add(stack.id())) {
      cfn.executeChangeSet(stackName, CHANGE_SET);
      aws.stacks().changed(stackName);
      return waiting(stackName, snapshotted, retained);
    }
    if (cs.beingCreated() || cs.executing()) {
      return waiting(stackName, snapshotted, retained);
    }
    if (cs.obsolete()) {
      // The stack changed under it (updated by hand?): make it again from what is deployed now.
      cfn.deleteChangeSet(stackName, CHANGE_SET);
      return waiting(stackName, snapshotted, retained);
    }
    executed.remove(stack.id());
    // Failed to create, executed and rolled back, or executed without effect (the template is still
    // protected): the delete
    // goes ahead; RDS refuses it, and the DELETE_FAILED path retains the database and names it.
    notices.add(
        Notice.warning(
            Reason.UNPROTECT_FAILED,
            "could not turn DeletionProtection off on "
                + String.join(", ", snapshotted.keySet())
                + " of "
                + stackName
                + " (change set "
                + CHANGE_SET
                + " is "
                + cs.status()
                + "/"
                + cs.executionStatus()
                + (cs.statusReason() == null ? "" : ": " + cs.statusReason())
                + "); deleting the stack anyway: RDS will refuse to delete the protected database"
                + " and it is kept"));
    return new Readiness(null, snapshotted, retained);
  }

  private static Readiness waiting(
      String stackName, Map<String, String> snapshotted, Map<String, String> retained) {
    return new Readiness(
        "preparing "
            + stackName
            + " for its delete: turning DeletionProtection off so a final snapshot is taken",
        snapshotted,
        retained);
  }

  /** The template's parameters, all sent with UsePreviousValue: the update changes no value. */
  private static Set<String> parameterNames(String templateBody) {
    Set<String> names = new LinkedHashSet<>();
    read(templateBody).path("Parameters").fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static boolean isJson(String templateBody) {
    try {
      return read(templateBody).isObject();
    } catch (UncheckedIOException e) {
      return false;
    }
  }

  private static JsonNode read(String templateBody) {
    try {
      return CanonicalJson.mapper().readTree(templateBody);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
