package io.datapipeline.operator.aws;

import io.datapipeline.operator.cloudformation.AccountLimits;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.CloudFormationApi;
import io.datapipeline.operator.cloudformation.CloudFormationException;
import io.datapipeline.operator.cloudformation.DriftDetection;
import io.datapipeline.operator.cloudformation.ResourceChange;
import io.datapipeline.operator.cloudformation.ResourceDrift;
import io.datapipeline.operator.cloudformation.StackEvent;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.AlreadyExistsException;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Change;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.DeploymentMode;
import software.amazon.awssdk.services.cloudformation.model.DescribeChangeSetResponse;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Replacement;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDrift;
import software.amazon.awssdk.services.cloudformation.model.StackResourceDriftStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;
import software.amazon.awssdk.services.cloudformation.model.TemplateStage;

/** {@link CloudFormationApi} through the AWS SDK; every failure classified by {@link AwsErrors}. */
public final class SdkCloudFormationApi implements CloudFormationApi, AccountLimits {

  private final CloudFormationClient client;
  private final SessionCredentials as;
  private final Runnable onThrottled;

  /**
   * @param onThrottled called for each call that still failed with throttling after the SDK's own
   *     retries
   */
  public SdkCloudFormationApi(CloudFormationClient client, Runnable onThrottled) {
    this(client, SessionCredentials.clientDefault(), onThrottled);
  }

  /**
   * @param as the session's credentials, named on every request (the client is shared)
   * @param onThrottled called for each call that still failed with throttling after the SDK's own
   *     retries
   */
  public SdkCloudFormationApi(
      CloudFormationClient client, SessionCredentials as, Runnable onThrottled) {
    this.client = client;
    this.as = as;
    this.onThrottled = onThrottled;
  }

  @Override
  public List<StackView> describeStacks() {
    return call(
        "DescribeStacks",
        () -> {
          List<StackView> all = new ArrayList<>();
          for (var page : client.describeStacksPaginator(r -> as.on(r))) {
            for (Stack s : page.stacks()) {
              if (!StackStates.DELETE_COMPLETE.equals(s.stackStatusAsString())) {
                all.add(view(s));
              }
            }
          }
          return all;
        });
  }

  @Override
  public Optional<StackView> describeStack(String stackName) {
    return find(
        "DescribeStacks",
        () ->
            client.describeStacks(r -> as.on(r).stackName(stackName)).stacks().stream()
                .filter(s -> !StackStates.DELETE_COMPLETE.equals(s.stackStatusAsString()))
                .findFirst()
                .map(SdkCloudFormationApi::view));
  }

  @Override
  public void createChangeSet(ChangeSetRequest request) {
    call(
        "CreateChangeSet",
        () -> {
          try {
            client.createChangeSet(
                r ->
                    as.on(r)
                        .stackName(request.stackName())
                        .changeSetName(request.changeSetName())
                        .changeSetType(
                            request.create() ? ChangeSetType.CREATE : ChangeSetType.UPDATE)
                        .templateBody(request.templateBody())
                        .templateURL(request.templateUrl())
                        .parameters(parameters(request))
                        .tags(
                            request.tags().entrySet().stream()
                                .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build())
                                .toList())
                        .capabilities(
                            request.capabilities().stream().map(Capability::fromValue).toList())
                        .roleARN(request.roleArn())
                        .deploymentMode(request.revertDrift() ? DeploymentMode.REVERT_DRIFT : null)
                        .description("datapipeline-operator"));
          } catch (AlreadyExistsException e) {
            // Deterministic names: it is the change set we meant to create.
          }
          return null;
        });
  }

  private static List<Parameter> parameters(ChangeSetRequest request) {
    List<Parameter> parameters = new ArrayList<>();
    request
        .parameters()
        .forEach(
            (key, value) ->
                parameters.add(
                    Parameter.builder().parameterKey(key).parameterValue(value).build()));
    request.keepParameters().stream()
        .sorted()
        .forEach(
            key ->
                parameters.add(
                    Parameter.builder().parameterKey(key).usePreviousValue(true).build()));
    return parameters;
  }

  @Override
  public Optional<String> getTemplate(String stackName) {
    return call(
        "GetTemplate",
        () -> {
          try {
            return Optional.ofNullable(
                client
                    .getTemplate(
                        r -> as.on(r).stackName(stackName).templateStage(TemplateStage.ORIGINAL))
                    .templateBody());
          } catch (SdkException e) {
            if (AwsErrors.notFound(e)) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<ChangeSetView> describeChangeSet(String stackName, String changeSetName) {
    return find(
        "DescribeChangeSet",
        () -> {
          DescribeChangeSetResponse first =
              client.describeChangeSet(
                  r -> as.on(r).stackName(stackName).changeSetName(changeSetName));
          List<Change> changes = new ArrayList<>(first.changes());
          String token = first.nextToken();
          while (token != null) {
            String next = token;
            var page =
                client.describeChangeSet(
                    r ->
                        as.on(r).stackName(stackName).changeSetName(changeSetName).nextToken(next));
            changes.addAll(page.changes());
            token = page.nextToken();
          }
          List<String> replacements =
              changes.stream()
                  .filter(c -> c.resourceChange() != null)
                  .filter(
                      c ->
                          c.resourceChange().replacement() == Replacement.TRUE
                              || c.resourceChange().replacement() == Replacement.CONDITIONAL)
                  .map(c -> c.resourceChange().logicalResourceId())
                  .toList();
          List<ResourceChange> resourceChanges =
              changes.stream()
                  .filter(c -> c.resourceChange() != null)
                  .map(
                      c ->
                          new ResourceChange(
                              c.resourceChange().logicalResourceId(),
                              c.resourceChange().resourceType(),
                              c.resourceChange().actionAsString(),
                              c.resourceChange().replacementAsString()))
                  .toList();
          return Optional.of(
              new ChangeSetView(
                  changeSetName,
                  first.statusAsString(),
                  first.executionStatusAsString(),
                  first.statusReason(),
                  changes.size(),
                  replacements,
                  resourceChanges));
        });
  }

  @Override
  public void executeChangeSet(String stackName, String changeSetName) {
    call(
        "ExecuteChangeSet",
        () ->
            client.executeChangeSet(
                r -> as.on(r).stackName(stackName).changeSetName(changeSetName)));
  }

  @Override
  public void deleteChangeSet(String stackName, String changeSetName) {
    call(
        "DeleteChangeSet",
        () ->
            client.deleteChangeSet(
                r -> as.on(r).stackName(stackName).changeSetName(changeSetName)));
  }

  @Override
  public List<StackEvent> describeStackEvents(String stackName) {
    return call(
        "DescribeStackEvents",
        () ->
            client.describeStackEvents(r -> as.on(r).stackName(stackName)).stackEvents().stream()
                .map(
                    e ->
                        new StackEvent(
                            e.timestamp(),
                            e.logicalResourceId(),
                            e.resourceType(),
                            e.resourceStatusAsString(),
                            e.resourceStatusReason(),
                            e.physicalResourceId()))
                .toList());
  }

  @Override
  public void deleteStack(String stackName, Set<String> retainResources, String roleArn) {
    call(
        "DeleteStack",
        () ->
            client.deleteStack(
                r -> {
                  as.on(r).stackName(stackName).roleARN(roleArn);
                  if (!retainResources.isEmpty()) {
                    r.retainResources(retainResources);
                  }
                }));
  }

  @Override
  public String detectStackDrift(String stackName) {
    return call(
        "DetectStackDrift",
        () -> client.detectStackDrift(r -> as.on(r).stackName(stackName)).stackDriftDetectionId());
  }

  @Override
  public Optional<DriftDetection> describeStackDriftDetectionStatus(String detectionId) {
    return find(
        "DescribeStackDriftDetectionStatus",
        () -> {
          var r =
              client.describeStackDriftDetectionStatus(
                  b -> as.on(b).stackDriftDetectionId(detectionId));
          return Optional.of(
              new DriftDetection(
                  r.detectionStatusAsString(),
                  r.stackDriftStatusAsString(),
                  r.detectionStatusReason()));
        });
  }

  @Override
  public List<ResourceDrift> describeStackResourceDrifts(String stackName) {
    return call(
        "DescribeStackResourceDrifts",
        () -> {
          List<ResourceDrift> drifts = new ArrayList<>();
          for (var page :
              client.describeStackResourceDriftsPaginator(
                  r ->
                      as.on(r)
                          .stackName(stackName)
                          .stackResourceDriftStatusFilters(
                              StackResourceDriftStatus.MODIFIED,
                              StackResourceDriftStatus.DELETED))) {
            for (StackResourceDrift d : page.stackResourceDrifts()) {
              drifts.add(
                  new ResourceDrift(
                      d.logicalResourceId(),
                      d.resourceType(),
                      d.stackResourceDriftStatusAsString(),
                      String.join(
                          ",",
                          d.propertyDifferences().stream().map(p -> p.propertyPath()).toList())));
            }
          }
          return drifts;
        });
  }

  @Override
  public Optional<String> getStackPolicy(String stackName) {
    return call(
        "GetStackPolicy",
        () ->
            Optional.ofNullable(
                    client.getStackPolicy(r -> as.on(r).stackName(stackName)).stackPolicyBody())
                .filter(body -> !body.isBlank()));
  }

  @Override
  public void setStackPolicy(String stackName, String policyBody) {
    call(
        "SetStackPolicy",
        () ->
            client.setStackPolicy(r -> as.on(r).stackName(stackName).stackPolicyBody(policyBody)));
  }

  @Override
  public void continueUpdateRollback(String stackName, Set<String> skip, String roleArn) {
    call(
        "ContinueUpdateRollback",
        () ->
            client.continueUpdateRollback(
                r -> {
                  as.on(r).stackName(stackName).roleARN(roleArn);
                  if (!skip.isEmpty()) {
                    r.resourcesToSkip(skip);
                  }
                }));
  }

  private static StackView view(Stack s) {
    Map<String, String> outputs = new LinkedHashMap<>();
    s.outputs().forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
    Map<String, String> tags = new LinkedHashMap<>();
    s.tags().forEach(t -> tags.put(t.key(), t.value()));
    return new StackView(
        s.stackName(),
        s.stackId(),
        s.stackStatusAsString(),
        s.stackStatusReason(),
        outputs,
        tags,
        s.lastUpdatedTime() != null ? s.lastUpdatedTime() : s.creationTime());
  }

  @Override
  public int stackLimit() {
    return call(
        "DescribeAccountLimits",
        () -> {
          String token = null;
          do {
            String page = token;
            var response = client.describeAccountLimits(r -> as.on(r).nextToken(page));
            for (var limit : response.accountLimits()) {
              if ("StackLimit".equals(limit.name()) && limit.value() != null) {
                return limit.value();
              }
            }
            token = response.nextToken();
          } while (token != null);
          throw new CloudFormationException(
              CloudFormationException.Kind.TERMINAL,
              "DescribeAccountLimits",
              "the answer names no StackLimit");
        });
  }

  /** {@link #call} of a read whose "does not exist" answer means: nothing there. */
  private <T> Optional<T> find(String operation, Supplier<Optional<T>> read) {
    return call(
        operation,
        () -> {
          try {
            return read.get();
          } catch (SdkException e) {
            if (AwsErrors.notFound(e)) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  private <T> T call(String operation, Supplier<T> body) {
    try {
      return body.get();
    } catch (SdkException e) {
      CloudFormationException classified = AwsErrors.classifyCloudFormation(operation, e);
      if (classified.kind() == CloudFormationException.Kind.THROTTLED) {
        onThrottled.run();
      }
      throw classified;
    }
  }
}
