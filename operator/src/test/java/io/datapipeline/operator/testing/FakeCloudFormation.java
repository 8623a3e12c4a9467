package io.datapipeline.operator.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.DriftDetection;
import io.datapipeline.operator.cloudformation.ResourceChange;
import io.datapipeline.operator.cloudformation.ResourceDrift;
import io.datapipeline.operator.cloudformation.StackEvent;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.observe.ObservedEvent;
import io.datapipeline.operator.ports.DatabaseSnapshots;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A programmable in-memory CloudFormation for one account and region. Behaves like the service in
 * the ways the operator relies on (change sets, REVIEW_IN_PROGRESS, rollbacks, DELETE_FAILED,
 * outputs computed from the template's Outputs with Ref to parameters) and records every call.
 *
 * <p>By default operations stay IN_PROGRESS until {@link #settle()}; {@link #autoComplete} makes
 * them finish at once. Failures are scripted per stack.
 */
public final class FakeCloudFormation implements CloudFormationApi {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One recorded call. */
  public record Call(String operation, String stackName, String detail) {}

  private final Map<String, FakeStack> stacks = new LinkedHashMap<>();
  private final List<Call> calls = new ArrayList<>();
  private final List<ChangeSetRequest> changeSetRequests = new ArrayList<>();
  private final Map<String, Integer> createFailures = new HashMap<>();
  private final Map<String, String> updateFailures = new HashMap<>();
  private final Set<String> rollbackFailures = new HashSet<>();
  private final Set<String> revertsFail = new HashSet<>();
  private final Map<String, List<DeleteFailure>> deleteFailures = new HashMap<>();
  private final Map<String, List<StackEvent>> deletedStackEvents = new HashMap<>();
  private boolean forgetsDeletedStacks;
  private boolean reportsNoSkippedResources;
  private final Map<String, CloudFormationException> lostDeleteReplies = new HashMap<>();
  private final Map<String, DatabaseSnapshots.Snapshot> finalSnapshots = new HashMap<>();
  private final Map<String, CloudFormationException> scriptedFailures = new HashMap<>();
  private final Map<String, StuckRollback> stuckRollbacks = new HashMap<>();
  private final Map<String, Integer> changeSetFailures = new HashMap<>();
  private final AtomicInteger ids = new AtomicInteger();
  private final Map<String, String[]> detections = new LinkedHashMap<>(); // id -> stack, status
  private int throttleNext;
  private Function<String, String> templateUrls = url -> null;
  private boolean autoComplete;
  private Instant now = Instant.parse("2026-01-01T00:00:00Z");

  private static final class FakeStack {
    String name;
    String id;
    String status;
    String statusReason;
    String template = "{}";
    Map<String, String> parameters = Map.of();
    Map<String, String> tags = Map.of();
    Instant lastUpdated;
    final List<StackEvent> events = new ArrayList<>(); // newest first
    final Map<String, FakeChangeSet> changeSets = new LinkedHashMap<>();
    String policy; // the stack policy body, or null
    final List<ResourceDrift> drifts = new ArrayList<>(); // changed outside CloudFormation
    String pendingTarget; // status after settle()
    DeleteFailure pendingDeleteFailure;
    Set<String> retaining = Set.of();
    String pendingTemplate;
    Map<String, String> pendingParameters;
    Map<String, String> pendingTags;
  }

  private record DeleteFailure(String logicalId, String type, String reason) {}

  private static final class StuckRollback {
    final String logicalId;
    final String type;
    int remaining;

    StuckRollback(String logicalId, String type, int remaining) {
      this.logicalId = logicalId;
      this.type = type;
      this.remaining = remaining;
    }
  }

  private static final class FakeChangeSet {
    ChangeSetRequest request;
    List<ResourceChange> changes = List.of();
    String status;
    String executionStatus;
    String reason;
  }

  // ---- programming the fake ----

  public synchronized FakeCloudFormation autoComplete(boolean value) {
    this.autoComplete = value;
    return this;
  }

  /** The next call of {@code operation} on {@code stackName} fails with {@code failure}. */
  public synchronized void failNext(
      String operation, String stackName, CloudFormationException failure) {
    scriptedFailures.put(operation + "|" + stackName, failure);
  }

  /**
   * The next DeleteStack of {@code stackName} is carried out, but its reply is lost: the caller
   * gets {@code failure} (as an SDK attempt timing out on a busy endpoint that did the work).
   */
  public synchronized void loseNextDeleteReply(String stackName, CloudFormationException failure) {
    lostDeleteReplies.put(stackName, failure);
  }

  /** The next {@code n} calls (any operation) fail with Throttling. */
  public synchronized void throttleNext(int n) {
    this.throttleNext = n;
  }

  /** The next {@code times} creates of the stack fail on {@code logicalId} and roll back. */
  /**
   * From now on a deleted stack's events are forgotten, as moto 5.2.1 forgets them:
   * DescribeStackEvents by its id answers "does not exist" (AWS keeps them for 90 days).
   */
  public synchronized void forgetDeletedStacks() {
    forgetsDeletedStacks = true;
  }

  /**
   * A deletion's events name no DELETE_SKIPPED resource, whatever the stack kept (moto before the
   * deletion fixes of aws-standins' {@code sitecustomize.py}).
   */
  public synchronized void reportNoSkippedResources() {
    reportsNoSkippedResources = true;
  }

  public synchronized void failCreate(String stackName, String logicalId, int times) {
    createFailures.put(stackName + "|" + logicalId, times);
  }

  /** The next update of the stack fails on {@code logicalId} and rolls back. */
  public synchronized void failUpdate(String stackName, String logicalId, boolean rollbackFails) {
    updateFailures.put(stackName, logicalId);
    if (rollbackFails) {
      rollbackFailures.add(stackName);
    }
  }

  /** The next delete of the stack fails on {@code logicalId}: a non-empty bucket. */
  public synchronized void failDelete(String stackName, String logicalId) {
    failDelete(
        stackName, logicalId, "AWS::S3::Bucket", "The bucket you tried to delete is not empty", 1);
  }

  /**
   * The next {@code times} deletes of the stack (those not retaining {@code logicalId}) fail on
   * {@code logicalId} with {@code reason}.
   */
  public synchronized void failDelete(
      String stackName, String logicalId, String type, String reason, int times) {
    List<DeleteFailure> queue = deleteFailures.computeIfAbsent(stackName, k -> new ArrayList<>());
    for (int i = 0; i < times; i++) {
      queue.add(new DeleteFailure(logicalId, type, reason));
    }
  }

  /** Deletes the stack still has to fail. */
  public synchronized int pendingDeleteFailures(String stackName) {
    return deleteFailures.getOrDefault(stackName, List.of()).size();
  }

  /**
   * The rollback of the stack's next failed update, and the next {@code times - 1}
   * ContinueUpdateRollback calls that do not skip {@code logicalId}, fail on {@code logicalId}.
   */
  public synchronized void failRollback(
      String stackName, String logicalId, String type, int times) {
    stuckRollbacks.put(stackName, new StuckRollback(logicalId, type, times));
  }

  /** The next {@code times} change sets made for the stack end FAILED (a template error). */
  public synchronized void failChangeSets(String stackName, int times) {
    changeSetFailures.put(stackName, times);
  }

  /** The stack changed under the change set (e.g. updated by hand): it cannot be executed. */
  public synchronized void makeObsolete(String stackName, String changeSetName) {
    stacks.get(stackName).changeSets.get(changeSetName).executionStatus = "OBSOLETE";
  }

  /** Someone else's change set on the stack (made by hand, another tool). */
  public synchronized void putForeignChangeSet(String stackName, String changeSetName) {
    FakeChangeSet cs = new FakeChangeSet();
    FakeStack s = stacks.get(stackName);
    cs.request =
        new ChangeSetRequest(
            stackName, changeSetName, false, s.template, null, Map.of(), s.tags, Set.of(), null);
    cs.status = "CREATE_COMPLETE";
    cs.executionStatus = "AVAILABLE";
    s.changeSets.put(changeSetName, cs);
  }

  /** Someone created a stack by hand (or another pipeline did). */
  public synchronized void putForeignStack(String stackName, Map<String, String> tags) {
    FakeStack s = newStack(stackName);
    s.status = "CREATE_COMPLETE";
    s.tags = Map.copyOf(tags);
    stacks.put(stackName, s);
  }

  /** Deletes a stack behind the operator's back. */
  public synchronized void deleteOutOfBand(String stackName) {
    stacks.remove(stackName);
  }

  /** Finishes every operation in progress (CloudFormation catching up). */
  public synchronized void settle() {
    for (FakeStack s : List.copyOf(stacks.values())) {
      if (s.pendingTarget != null) {
        finish(s);
      }
    }
    detections.values().forEach(d -> d[1] = "DETECTION_COMPLETE");
  }

  /** Someone changes a resource outside CloudFormation (console, CLI). */
  public synchronized void driftOutOfBand(
      String stackName, String logicalId, String type, String status, String properties) {
    stacks.get(stackName).drifts.add(new ResourceDrift(logicalId, type, status, properties));
  }

  /** A revert change set of the stack runs but leaves the drift (CloudFormation cannot fix it). */
  public synchronized void revertLeavesDrift(String stackName) {
    revertsFail.add(stackName);
  }

  /** The ChangeSetRequests received, in order (to see how change sets were asked for). */
  public synchronized List<ChangeSetRequest> changeSetRequests(String stackName) {
    return stacks.get(stackName).changeSets.values().stream().map(cs -> cs.request).toList();
  }

  // ---- inspecting the fake ----

  public synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Calls other than reads (Describe*, Get*, List*). */
  public synchronized List<Call> mutatingCalls() {
    return calls.stream()
        .filter(c -> !c.operation().startsWith("Describe"))
        .filter(c -> !c.operation().startsWith("Get"))
        .filter(c -> !c.operation().startsWith("List"))
        .toList();
  }

  public synchronized long count(String operation) {
    return calls.stream().filter(c -> c.operation().equals(operation)).count();
  }

  public synchronized void clearCalls() {
    calls.clear();
  }

  public synchronized Optional<String> status(String stackName) {
    return Optional.ofNullable(stacks.get(stackName)).map(s -> s.status);
  }

  public synchronized Map<String, String> parameters(String stackName) {
    return stacks.get(stackName).parameters;
  }

  public synchronized Set<String> stackNames() {
    return Set.copyOf(stacks.keySet());
  }

  /** The stack's policy body, if one was set. */
  public synchronized Optional<String> stackPolicy(String stackName) {
    return Optional.ofNullable(stacks.get(stackName)).map(st -> st.policy);
  }

  /** The resource changes CloudFormation previewed for a change set. */
  public synchronized List<ResourceChange> changes(String stackName, String changeSetName) {
    return stacks.get(stackName).changeSets.get(changeSetName).changes;
  }

  /** A person executing a change set (updatePolicy: Manual). */
  public synchronized void approve(String stackName, String changeSetName) {
    doExecute(stackName, changeSetName);
  }

  // ---- CloudFormationApi ----

  @Override
  public synchronized List<StackView> describeStacks() {
    record("DescribeStacks", null, "");
    return stacks.values().stream().map(FakeCloudFormation::view).toList();
  }

  @Override
  public synchronized Optional<StackView> describeStack(String stackName) {
    record("DescribeStacks", stackName, "");
    return Optional.ofNullable(stacks.get(stackName)).map(FakeCloudFormation::view);
  }

  /** Every change set requested, in order (to check the service role passed). */
  public synchronized List<ChangeSetRequest> changeSetRequests() {
    return List.copyOf(changeSetRequests);
  }

  @Override
  public synchronized void createChangeSet(ChangeSetRequest request) {
    changeSetRequests.add(request);
    record(
        "CreateChangeSet",
        request.stackName(),
        (request.create() ? "CREATE " : "UPDATE ") + request.changeSetName());
    FakeStack s = stacks.get(request.stackName());
    if (request.create()) {
      if (s != null && !"REVIEW_IN_PROGRESS".equals(s.status)) {
        throw terminal("CreateChangeSet", "Stack [" + request.stackName() + "] already exists");
      }
      if (s == null) {
        s = newStack(request.stackName());
        s.status = "REVIEW_IN_PROGRESS";
        s.tags = request.tags();
        stacks.put(s.name, s);
        event(s, s.name, "AWS::CloudFormation::Stack", "REVIEW_IN_PROGRESS", "User Initiated");
      }
    } else if (s == null) {
      throw terminal("CreateChangeSet", "Stack with id " + request.stackName() + " does not exist");
    }
    if (s.changeSets.containsKey(request.changeSetName())) {
      return; // the interface's contract: the same deterministic name is the same change set
    }
    FakeChangeSet cs = new FakeChangeSet();
    cs.request = request;
    Map<String, String> parameters = effectiveParameters(s, request);
    boolean noChanges =
        !request.create()
            && Objects.equals(s.template, body(request))
            && s.parameters.equals(parameters)
            && s.tags.equals(request.tags())
            && !(request.revertDrift() && !s.drifts.isEmpty());
    Integer failing = changeSetFailures.get(request.stackName());
    if (failing != null && failing > 0) {
      changeSetFailures.put(request.stackName(), failing - 1);
      cs.status = "FAILED";
      cs.executionStatus = "UNAVAILABLE";
      cs.reason = "Template error: instance of Fn::GetAtt references undefined resource Nope";
    } else if (noChanges) {
      cs.status = "FAILED";
      cs.executionStatus = "UNAVAILABLE";
      cs.reason =
          "The submitted information didn't contain changes. Submit different information to"
              + " create a change set.";
    } else {
      cs.status = "CREATE_COMPLETE";
      cs.executionStatus = "AVAILABLE";
      cs.changes =
          request.revertDrift()
              ? s.drifts.stream()
                  .map(d -> new ResourceChange(d.logicalId(), d.resourceType(), "Modify", "False"))
                  .toList()
              : preview(
                  request.create() ? "{}" : s.template,
                  body(request),
                  !request.create() && !s.parameters.equals(parameters));
    }
    s.changeSets.put(request.changeSetName(), cs);
  }

  /** The request's values, and the stack's own for the parameters it keeps (UsePreviousValue). */
  private static Map<String, String> effectiveParameters(FakeStack s, ChangeSetRequest request) {
    Map<String, String> values = new HashMap<>(request.parameters());
    for (String key : request.keepParameters()) {
      String previous = s.parameters.get(key);
      if (previous == null) {
        throw terminal(
            "CreateChangeSet", "Invalid input for parameter key " + key + ". Need a value");
      }
      values.put(key, previous);
    }
    return Map.copyOf(values);
  }

  @Override
  public synchronized Optional<String> getTemplate(String stackName) {
    record("GetTemplate", stackName, "");
    FakeStack s = stacks.get(stackName);
    return s == null ? Optional.empty() : Optional.of(s.template);
  }

  /**
   * The final snapshots taken by deletes ({@code DeletionPolicy: Snapshot}; moto takes none), as
   * RDS would list them: the newest manual snapshot of a DB instance.
   */
  public DatabaseSnapshots snapshots() {
    return (type, identifier) -> {
      synchronized (this) {
        return Optional.ofNullable(finalSnapshots.get(identifier));
      }
    };
  }

  /** The final snapshots taken, by DB instance identifier. */
  public synchronized Map<String, DatabaseSnapshots.Snapshot> finalSnapshots() {
    return Map.copyOf(finalSnapshots);
  }

  @Override
  public synchronized Optional<ChangeSetView> describeChangeSet(
      String stackName, String changeSetName) {
    record("DescribeChangeSet", stackName, changeSetName);
    FakeStack s = stacks.get(stackName);
    if (s == null || !s.changeSets.containsKey(changeSetName)) {
      return Optional.empty();
    }
    FakeChangeSet cs = s.changeSets.get(changeSetName);
    return Optional.of(
        new ChangeSetView(
            changeSetName,
            cs.status,
            cs.executionStatus,
            cs.reason,
            cs.changes.size(),
            cs.changes.stream().filter(ResourceChange::mayReplace).map(c -> c.logicalId()).toList(),
            cs.changes));
  }

  @Override
  public synchronized void executeChangeSet(String stackName, String changeSetName) {
    record("ExecuteChangeSet", stackName, changeSetName);
    doExecute(stackName, changeSetName);
  }

  @Override
  public synchronized void deleteChangeSet(String stackName, String changeSetName) {
    record("DeleteChangeSet", stackName, changeSetName);
    FakeStack s = stacks.get(stackName);
    if (s != null) {
      s.changeSets.remove(changeSetName);
    }
  }

  @Override
  public synchronized List<StackEvent> describeStackEvents(String stackName) {
    record("DescribeStackEvents", stackName, "");
    FakeStack s = stacks.get(stackName);
    if (s == null) {
      s = stacks.values().stream().filter(x -> x.id.equals(stackName)).findFirst().orElse(null);
    }
    if (s == null && deletedStackEvents.containsKey(stackName)) {
      // As in AWS: a deleted stack's events are still found by its id (not by its name).
      return List.copyOf(deletedStackEvents.get(stackName));
    }
    if (s == null) {
      throw terminal("DescribeStackEvents", "Stack [" + stackName + "] does not exist");
    }
    return List.copyOf(s.events);
  }

  @Override
  public synchronized void deleteStack(String stackName, Set<String> retain, String roleArn) {
    record("DeleteStack", stackName, retain.isEmpty() ? "" : "retain " + retain);
    FakeStack s = stacks.get(stackName);
    if (s == null) {
      return;
    }
    if (!retain.isEmpty() && !"DELETE_FAILED".equals(s.status)) {
      throw terminal("DeleteStack", "RetainResources only for stacks in DELETE_FAILED");
    }
    event(s, s.name, "AWS::CloudFormation::Stack", "DELETE_IN_PROGRESS", "User Initiated");
    s.status = "DELETE_IN_PROGRESS";
    s.retaining = Set.copyOf(retain);
    List<DeleteFailure> queue = deleteFailures.getOrDefault(stackName, new ArrayList<>());
    DeleteFailure failing = null;
    if (!queue.isEmpty() && !retain.contains(queue.get(0).logicalId())) {
      failing = queue.remove(0);
    } else {
      failing = protectedDatabase(s, retain);
    }
    s.pendingDeleteFailure = failing;
    s.pendingTarget = failing != null ? "DELETE_FAILED" : "GONE";
    maybeFinish(s);
    CloudFormationException lost = lostDeleteReplies.remove(stackName);
    if (lost != null) {
      throw lost;
    }
  }

  @Override
  public synchronized String detectStackDrift(String stackName) {
    record("DetectStackDrift", stackName, "");
    if (!stacks.containsKey(stackName)) {
      throw terminal("DetectStackDrift", "Stack [" + stackName + "] does not exist");
    }
    String id = "drift-" + ids.incrementAndGet();
    detections.put(
        id,
        new String[] {stackName, autoComplete ? "DETECTION_COMPLETE" : "DETECTION_IN_PROGRESS"});
    return id;
  }

  /**
   * The "Drift Detection Status Change" events CloudFormation would have sent for detections that
   * finished since the last call (each once), as the stack-events queue delivers them.
   */
  public synchronized List<ObservedEvent> driftEvents() {
    List<ObservedEvent> events = new ArrayList<>();
    detections.forEach(
        (id, d) -> {
          if ("DETECTION_COMPLETE".equals(d[1]) && eventSent.add(id)) {
            FakeStack s = stacks.get(d[0]);
            String drift = s == null ? "UNKNOWN" : s.drifts.isEmpty() ? "IN_SYNC" : "DRIFTED";
            events.add(new ObservedEvent.DriftDetected(d[0], id, d[1], drift));
          }
        });
    return events;
  }

  private final Set<String> eventSent = new HashSet<>();

  @Override
  public synchronized Optional<DriftDetection> describeStackDriftDetectionStatus(String id) {
    record("DescribeStackDriftDetectionStatus", null, id);
    String[] d = detections.get(id);
    if (d == null) {
      return Optional.empty();
    }
    FakeStack s = stacks.get(d[0]);
    if ("DETECTION_IN_PROGRESS".equals(d[1])) {
      return Optional.of(new DriftDetection(d[1], null, null));
    }
    String drift = s == null ? "UNKNOWN" : s.drifts.isEmpty() ? "IN_SYNC" : "DRIFTED";
    return Optional.of(new DriftDetection(d[1], drift, null));
  }

  @Override
  public synchronized List<ResourceDrift> describeStackResourceDrifts(String stackName) {
    record("DescribeStackResourceDrifts", stackName, "");
    return List.copyOf(stacks.get(stackName).drifts);
  }

  @Override
  public synchronized Optional<String> getStackPolicy(String stackName) {
    record("GetStackPolicy", stackName, "");
    FakeStack s = stacks.get(stackName);
    if (s == null) {
      throw terminal("GetStackPolicy", "Stack [" + stackName + "] does not exist");
    }
    return Optional.ofNullable(s.policy);
  }

  @Override
  public synchronized void setStackPolicy(String stackName, String policyBody) {
    record("SetStackPolicy", stackName, policyBody);
    FakeStack s = stacks.get(stackName);
    if (s == null) {
      throw terminal("SetStackPolicy", "Stack [" + stackName + "] does not exist");
    }
    s.policy = policyBody;
  }

  @Override
  public synchronized void continueUpdateRollback(
      String stackName, Set<String> skip, String roleArn) {
    record("ContinueUpdateRollback", stackName, skip.isEmpty() ? "" : "skip " + skip);
    FakeStack s = stacks.get(stackName);
    if (s == null || !"UPDATE_ROLLBACK_FAILED".equals(s.status)) {
      throw terminal("ContinueUpdateRollback", "stack is not in UPDATE_ROLLBACK_FAILED");
    }
    s.status = "UPDATE_ROLLBACK_IN_PROGRESS";
    event(s, s.name, "AWS::CloudFormation::Stack", s.status, null);
    StuckRollback stuck = stuckRollbacks.get(stackName);
    boolean failsAgain = stuck != null && stuck.remaining > 0 && !skip.contains(stuck.logicalId);
    s.pendingTarget = failsAgain ? "ROLLBACK_STUCK" : "UPDATE_ROLLBACK_COMPLETE";
    maybeFinish(s);
  }

  // ---- the machinery ----

  private void doExecute(String stackName, String changeSetName) {
    FakeStack s = stacks.get(stackName);
    FakeChangeSet cs = s == null ? null : s.changeSets.get(changeSetName);
    if (cs == null) {
      throw terminal("ExecuteChangeSet", "ChangeSet [" + changeSetName + "] does not exist");
    }
    if (!"AVAILABLE".equals(cs.executionStatus)) {
      throw terminal("ExecuteChangeSet", "ChangeSet is " + cs.executionStatus);
    }
    cs.executionStatus = "EXECUTE_IN_PROGRESS";
    boolean create = cs.request.create();
    s.status = create ? "CREATE_IN_PROGRESS" : "UPDATE_IN_PROGRESS";
    event(s, s.name, "AWS::CloudFormation::Stack", s.status, "User Initiated");
    s.pendingTemplate = body(cs.request);
    s.pendingParameters = effectiveParameters(s, cs.request);
    s.pendingTags = cs.request.tags();
    String failingResource = createFailure(stackName);
    if (create) {
      s.pendingTarget = failingResource == null ? "CREATE_COMPLETE" : "ROLLBACK:" + failingResource;
    } else {
      String denied = deniedByPolicy(s, cs.changes);
      String updateFailure = denied != null ? denied : updateFailures.remove(stackName);
      s.pendingTarget =
          updateFailure == null ? "UPDATE_COMPLETE" : "UPDATE_ROLLBACK:" + updateFailure;
    }
    // Executing one change set makes the stack's other change sets obsolete.
    s.changeSets.entrySet().removeIf(e -> !e.getKey().equals(changeSetName));
    maybeFinish(s);
  }

  /**
   * Properties whose change makes CloudFormation replace the resource (a few, from the resource
   * reference's "Update requires: Replacement"); the fake knows only these.
   */
  private static final Map<String, Set<String>> REPLACING_PROPERTIES =
      Map.of(
          "AWS::RDS::DBInstance", Set.of("DBInstanceIdentifier", "DBSubnetGroupName", "Engine"),
          "AWS::DynamoDB::Table", Set.of("TableName", "KeySchema"),
          "AWS::S3::Bucket", Set.of("BucketName"),
          "AWS::EC2::Subnet", Set.of("CidrBlock", "VpcId", "AvailabilityZone"),
          "AWS::EC2::VPC", Set.of("CidrBlock"));

  /** DescribeChangeSet's preview, from the Resources of the deployed and the new template. */
  private static List<ResourceChange> preview(
      String deployedTemplate, String newTemplate, boolean parametersChanged) {
    JsonNode before = readJson(deployedTemplate).path("Resources");
    JsonNode after = readJson(newTemplate).path("Resources");
    List<ResourceChange> changes = new ArrayList<>();
    after
        .fields()
        .forEachRemaining(
            e -> {
              String id = e.getKey();
              String type = e.getValue().path("Type").asText();
              JsonNode old = before.get(id);
              if (old == null) {
                changes.add(new ResourceChange(id, type, "Add", null));
              } else if (!old.equals(e.getValue()) || parametersChanged) {
                changes.add(
                    new ResourceChange(id, type, "Modify", replacement(type, old, e.getValue())));
              }
            });
    before
        .fields()
        .forEachRemaining(
            e -> {
              if (!after.has(e.getKey())) {
                changes.add(
                    new ResourceChange(
                        e.getKey(), e.getValue().path("Type").asText(), "Remove", null));
              }
            });
    return changes;
  }

  private static String replacement(String type, JsonNode before, JsonNode after) {
    for (String property : REPLACING_PROPERTIES.getOrDefault(type, Set.of())) {
      if (!Objects.equals(
          before.path("Properties").get(property), after.path("Properties").get(property))) {
        return "True";
      }
    }
    return "False";
  }

  /** The first change the stack policy denies, as "POLICY:logicalId", or null. */
  private static String deniedByPolicy(FakeStack s, List<ResourceChange> changes) {
    if (s.policy == null) {
      return null;
    }
    JsonNode policy = readJson(s.policy);
    for (ResourceChange c : changes) {
      String action = c.removes() ? "Update:Delete" : c.mayReplace() ? "Update:Replace" : null;
      if (action == null) {
        continue;
      }
      for (JsonNode statement : policy.path("Statement")) {
        boolean deny = "Deny".equals(statement.path("Effect").asText());
        boolean actionMatches = statement.path("Action").toString().contains("\"" + action + "\"");
        boolean resourceMatches =
            statement
                .path("Resource")
                .toString()
                .contains("\"LogicalResourceId/" + c.logicalId() + "\"");
        if (deny && actionMatches && resourceMatches) {
          return "POLICY:" + c.logicalId();
        }
      }
    }
    return null;
  }

  private static JsonNode readJson(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String createFailure(String stackName) {
    for (var e : createFailures.entrySet()) {
      if (e.getKey().startsWith(stackName + "|") && e.getValue() > 0) {
        e.setValue(e.getValue() - 1);
        return e.getKey().substring(stackName.length() + 1);
      }
    }
    return null;
  }

  private void maybeFinish(FakeStack s) {
    if (autoComplete) {
      finish(s);
    }
  }

  private void finish(FakeStack s) {
    String target = s.pendingTarget;
    s.pendingTarget = null;
    s.lastUpdated = tick();
    FakeChangeSet executing =
        s.changeSets.values().stream()
            .filter(cs -> "EXECUTE_IN_PROGRESS".equals(cs.executionStatus))
            .findFirst()
            .orElse(null);
    if (target.equals("ROLLBACK_STUCK")) {
      rollbackFails(s);
    } else if (target.equals("GONE")) {
      deleteResources(s);
      if (!reportsNoSkippedResources) {
        skipKeptResources(s);
      }
      event(s, s.name, "AWS::CloudFormation::Stack", "DELETE_COMPLETE", null);
      if (!forgetsDeletedStacks) {
        deletedStackEvents.put(s.id, List.copyOf(s.events));
      }
      stacks.remove(s.name);
    } else if (target.equals("DELETE_FAILED")) {
      DeleteFailure f = s.pendingDeleteFailure;
      s.pendingDeleteFailure = null;
      event(s, f.logicalId(), f.type(), "DELETE_FAILED", f.reason());
      s.status = "DELETE_FAILED";
      s.statusReason = "The following resource(s) failed to delete: [" + f.logicalId() + "]";
    } else if (target.startsWith("ROLLBACK:")) {
      String resource = target.substring("ROLLBACK:".length());
      event(s, resource, "AWS::RDS::DBInstance", "CREATE_FAILED", "Invalid DB engine version");
      event(s, "Other", "AWS::S3::Bucket", "CREATE_FAILED", "Resource creation cancelled");
      s.status = "ROLLBACK_COMPLETE";
      s.statusReason = "The following resource(s) failed to create: [" + resource + "]";
      if (executing != null) {
        executing.executionStatus = "EXECUTE_FAILED";
      }
    } else if (target.startsWith("UPDATE_ROLLBACK:")) {
      String resource = target.substring("UPDATE_ROLLBACK:".length());
      if (resource.startsWith("POLICY:")) {
        resource = resource.substring("POLICY:".length());
        event(
            s, resource, "AWS::RDS::DBInstance", "UPDATE_FAILED", "Action denied by stack policy");
      } else {
        event(s, resource, "AWS::Lambda::Function", "UPDATE_FAILED", "Memory size out of range");
      }
      boolean stuck = rollbackFailures.remove(s.name);
      s.status = stuck ? "UPDATE_ROLLBACK_FAILED" : "UPDATE_ROLLBACK_COMPLETE";
      if (stuckRollbacks.containsKey(s.name)) {
        event(s, s.name, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_IN_PROGRESS", null);
        rollbackFails(s);
      }
      if (executing != null) {
        executing.executionStatus = "EXECUTE_FAILED";
      }
    } else {
      s.status = target;
      if (target.equals("CREATE_COMPLETE") || target.equals("UPDATE_COMPLETE")) {
        s.template = s.pendingTemplate;
        s.parameters = s.pendingParameters;
        s.tags = s.pendingTags; // an update's change set carries the stack's tags
        if (executing != null) {
          executing.executionStatus = "EXECUTE_COMPLETE";
          if (executing.request.revertDrift() && !revertsFail.contains(s.name)) {
            s.drifts.clear();
          }
        }
      }
      event(s, s.name, "AWS::CloudFormation::Stack", target, null);
    }
  }

  private void rollbackFails(FakeStack s) {
    StuckRollback stuck = stuckRollbacks.get(s.name);
    stuck.remaining--;
    event(
        s,
        stuck.logicalId,
        stuck.type,
        "UPDATE_FAILED",
        "Resource handler returned message: the resource was modified outside CloudFormation");
    s.status = "UPDATE_ROLLBACK_FAILED";
    event(s, s.name, "AWS::CloudFormation::Stack", "UPDATE_ROLLBACK_FAILED", null);
  }

  /**
   * DELETE_SKIPPED for what CloudFormation keeps: resources with DeletionPolicy Retain in the
   * deployed template, and those retained on request.
   */
  private void skipKeptResources(FakeStack s) {
    Map<String, String> kept = new LinkedHashMap<>();
    try {
      JSON.readTree(s.template)
          .path("Resources")
          .fields()
          .forEachRemaining(
              r -> {
                if ("Retain".equals(r.getValue().path("DeletionPolicy").asText())
                    || s.retaining.contains(r.getKey())) {
                  kept.put(r.getKey(), r.getValue().path("Type").asText());
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    for (String id : s.retaining) {
      kept.putIfAbsent(id, "AWS::S3::Bucket");
    }
    kept.forEach(
        (id, type) ->
            s.events.add(
                0,
                new StackEvent(tick(), id, type, "DELETE_SKIPPED", null, physicalId(s.name, id))));
  }

  /**
   * As RDS: an instance with DeletionProtection on refuses to be deleted, unless CloudFormation
   * keeps it (DeletionPolicy Retain, or retained on request).
   */
  private static DeleteFailure protectedDatabase(FakeStack s, Set<String> retain) {
    JsonNode resources = readJson(s.template).path("Resources");
    for (var it = resources.fields(); it.hasNext(); ) {
      var r = it.next();
      JsonNode resource = r.getValue();
      if ("AWS::RDS::DBInstance".equals(resource.path("Type").asText())
          && resource.path("Properties").path("DeletionProtection").asBoolean(false)
          && !"Retain".equals(resource.path("DeletionPolicy").asText())
          && !retain.contains(r.getKey())) {
        return new DeleteFailure(
            r.getKey(),
            "AWS::RDS::DBInstance",
            "Resource handler returned message: \"Cannot delete protected DB Instance, please"
                + " disable deletion protection and try again.\" (Service: Rds, Status Code: 400)");
      }
    }
    return null;
  }

  /**
   * DELETE_COMPLETE for each resource the delete removes, with its physical id; a DB instance with
   * DeletionPolicy Snapshot leaves a final snapshot first.
   */
  private void deleteResources(FakeStack s) {
    JsonNode resources = readJson(s.template).path("Resources");
    for (var it = resources.fields(); it.hasNext(); ) {
      var r = it.next();
      String id = r.getKey();
      String type = r.getValue().path("Type").asText();
      String policy = r.getValue().path("DeletionPolicy").asText();
      if ("Retain".equals(policy) || s.retaining.contains(id)) {
        continue;
      }
      String physical = physicalId(s.name, id);
      if ("Snapshot".equals(policy) && "AWS::RDS::DBInstance".equals(type)) {
        String snapshotId = physical + "-snapshot-" + ids.incrementAndGet();
        finalSnapshots.put(
            physical,
            new DatabaseSnapshots.Snapshot(
                snapshotId, "arn:aws:rds:eu-west-1:123456789012:snapshot:" + snapshotId, tick()));
      }
      s.events.add(0, new StackEvent(tick(), id, type, "DELETE_COMPLETE", null, physical));
    }
  }

  /** The physical id the fake gives a resource (as in {@link #outputs} for a Ref). */
  public static String physicalId(String stackName, String logicalId) {
    return (stackName + "-" + logicalId).toLowerCase(Locale.ROOT);
  }

  private FakeStack newStack(String name) {
    FakeStack s = new FakeStack();
    s.name = name;
    s.id =
        "arn:aws:cloudformation:eu-west-1:123456789012:stack/" + name + "/" + ids.incrementAndGet();
    s.lastUpdated = tick();
    return s;
  }

  private void event(FakeStack s, String logicalId, String type, String status, String reason) {
    s.events.add(0, new StackEvent(tick(), logicalId, type, status, reason));
  }

  private Instant tick() {
    now = now.plusSeconds(1);
    return now;
  }

  private void record(String operation, String stackName, String detail) {
    calls.add(new Call(operation, stackName, detail));
    CloudFormationException scripted = scriptedFailures.remove(operation + "|" + stackName);
    if (scripted != null) {
      throw scripted;
    }
    if (throttleNext > 0) {
      throttleNext--;
      throw new CloudFormationException(
          CloudFormationException.Kind.THROTTLED, operation, "Rate exceeded (Throttling)");
    }
  }

  private static CloudFormationException terminal(String operation, String message) {
    return new CloudFormationException(CloudFormationException.Kind.TERMINAL, operation, message);
  }

  private String body(ChangeSetRequest request) {
    if (request.templateBody() != null) {
      return request.templateBody();
    }
    String body = templateUrls.apply(request.templateUrl());
    if (body == null) {
      throw terminal("CreateChangeSet", "TemplateURL must reference a valid S3 object");
    }
    return body;
  }

  /** How TemplateURLs are read (CloudFormation reads them from S3). */
  public synchronized void readTemplateUrlsWith(Function<String, String> reader) {
    this.templateUrls = reader;
  }

  private static StackView view(FakeStack s) {
    return new StackView(s.name, s.id, s.status, s.statusReason, outputs(s), s.tags, s.lastUpdated);
  }

  /** Outputs from the template: literal values, or {"Ref": parameter}. */
  private static Map<String, String> outputs(FakeStack s) {
    if (!s.status.endsWith("COMPLETE") || s.status.startsWith("ROLLBACK")) {
      return Map.of();
    }
    Map<String, String> outputs = new HashMap<>();
    try {
      JsonNode template = JSON.readTree(s.template);
      template
          .path("Outputs")
          .fields()
          .forEachRemaining(
              e -> {
                JsonNode value = e.getValue().path("Value");
                String resolved = value.asText();
                if (value.has("Ref")) {
                  String ref = value.get("Ref").asText();
                  // A parameter's value, else a resource's physical id (stack name + logical id).
                  resolved =
                      s.parameters.containsKey(ref)
                          ? s.parameters.get(ref)
                          : (s.name + "-" + ref).toLowerCase(Locale.ROOT);
                }
                if (resolved != null) {
                  outputs.put(e.getKey(), resolved);
                }
              });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return outputs;
  }
}
