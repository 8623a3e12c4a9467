package io.datapipeline.operator.deploy;

import io.datapipeline.api.v1alpha1.StackStatus;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.Component;
import io.datapipeline.render.Names;
import io.datapipeline.render.ParameterValue;
import io.datapipeline.render.StackPlan;
import io.datapipeline.render.StackSpec;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Deploys a rendered plan in dependency order, one step per stack per reconcile: uploads the
 * artifacts when a change set is about to be made, passes each stack's outputs forward as the next
 * stacks' parameters, and leaves a stack alone (no call) while its inputs are not ready.
 */
public final class PipelineDeployer {

  private final StackDeployer stackDeployer;
  private final ArtifactUploader uploader;
  private final Bootstrap bootstrap;

  public PipelineDeployer(
      StackDeployer stackDeployer, ArtifactUploader uploader, Bootstrap bootstrap) {
    this.stackDeployer = stackDeployer;
    this.uploader = uploader;
    this.bootstrap = bootstrap;
  }

  /**
   * @param previous the status entries of the stacks, by component
   * @return one outcome per stack of the plan, in plan order
   */
  public List<StackOutcome> deploy(
      PipelineRef pipeline,
      StackPlan plan,
      Map<Component, StackStatus> previous,
      AwsSession aws,
      List<Notice> notices) {
    Optional<String> bucket = Optional.empty();
    boolean needsBucket =
        !plan.artifacts().isEmpty()
            || plan.stacks().stream()
                .anyMatch(s -> ArtifactUploader.tooLargeForInline(s.templateBody()));
    if (needsBucket) {
      Bootstrap.State state = bootstrap.ensure(aws);
      if (state.bucket().isEmpty()) {
        return all(plan, state.phase(), state.reason(), state.message());
      }
      bucket = state.bucket();
    }
    Map<Component, StackOutcome> done = new EnumMap<>(Component.class);
    List<StackOutcome> outcomes = new ArrayList<>();
    for (StackSpec spec : plan.stacks()) {
      StackOutcome outcome =
          deployOne(pipeline, spec, done, previous, plan.artifacts(), bucket, aws, notices);
      done.put(spec.component(), outcome);
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private StackOutcome deployOne(
      PipelineRef pipeline,
      StackSpec spec,
      Map<Component, StackOutcome> done,
      Map<Component, StackStatus> previous,
      Map<String, String> artifacts,
      Optional<String> bucket,
      AwsSession aws,
      List<Notice> notices) {
    for (Component dependency : spec.dependsOn()) {
      StackOutcome upstream = done.get(dependency);
      if (upstream == null || !outputsUsable(upstream)) {
        return waiting(
            spec,
            Reason.WAITING_FOR_DEPENDENCIES,
            "waiting for the " + dependency.id() + " stack",
            aws);
      }
    }
    Map<String, String> parameters = new LinkedHashMap<>();
    for (var entry : spec.parameters().entrySet()) {
      String value = resolve(entry.getValue(), done);
      if (value == null) {
        var from = (ParameterValue.FromOutput) entry.getValue();
        StackOutcome upstream = done.get(from.component());
        String needs =
            "parameter "
                + entry.getKey()
                + " needs output "
                + from.outputKey()
                + " of the "
                + from.component().id()
                + " stack";
        if (upstream != null && upstream.phase() == Phase.PENDING_APPROVAL) {
          // The output may come with the change set that waits: wait with it, not stall.
          return waiting(
              spec,
              Reason.WAITING_FOR_APPROVAL,
              needs + ", whose change set waits for approval",
              aws);
        }
        return StackOutcome.of(
            spec.component(),
            spec.stackName(),
            Phase.STALLED,
            Reason.MISSING_OUTPUT,
            needs + ", which has no such output");
      }
      parameters.put(entry.getKey(), value);
    }
    DesiredStack desired = DesiredStack.of(spec, parameters, pipeline.cloudFormationRoleArn());
    return stackDeployer.step(
        new StackDeployer.Request(
            pipeline,
            desired,
            previous.get(spec.component()),
            () -> upload(pipeline, spec, artifacts, bucket, aws),
            aws,
            notices));
  }

  /**
   * Uploads what a change set of {@code spec} needs, when one is about to be made: the plan's
   * artifacts (the stacks' parameters name their keys) and the template itself when too large to
   * pass inline. Keys carry content hashes, and the uploader remembers what it put, so a second
   * stack of the plan uploads nothing again.
   *
   * @return the template's URL, or null when it goes inline
   */
  private String upload(
      PipelineRef pipeline,
      StackSpec spec,
      Map<String, String> artifacts,
      Optional<String> bucket,
      AwsSession aws) {
    artifacts.forEach((key, content) -> uploader.upload(aws, bucket.orElseThrow(), key, content));
    if (!ArtifactUploader.tooLargeForInline(spec.templateBody())) {
      return null;
    }
    String key =
        "templates/"
            + pipeline.namespace()
            + "/"
            + pipeline.name()
            + "/"
            + spec.component().id()
            + "-"
            + Names.sha256Hex(spec.templateBody())
            + ".json";
    uploader.upload(aws, bucket.orElseThrow(), key, spec.templateBody());
    return aws.artifacts().templateUrl(bucket.get(), key);
  }

  /**
   * Whether a stack's outputs can feed the stacks after it: it is deployed as desired, or a change
   * set waits for approval on a settled stack (what is deployed still stands, and so do its
   * outputs; the dependents follow once the change set has run).
   */
  /** The stack waits for another; listed with what CloudFormation has of it, if anything. */
  private static StackOutcome waiting(
      StackSpec spec, Reason reason, String message, AwsSession aws) {
    return StackOutcome.of(spec.component(), spec.stackName(), Phase.WAITING, reason, message)
        .withStack(aws.stacks().stack(spec.stackName()).orElse(null));
  }

  private static boolean outputsUsable(StackOutcome upstream) {
    return upstream.phase() == Phase.READY
        || (upstream.phase() == Phase.PENDING_APPROVAL
            && upstream.stack() != null
            && StackStates.settled(upstream.stack().status()));
  }

  private static String resolve(ParameterValue value, Map<Component, StackOutcome> done) {
    if (value instanceof ParameterValue.Literal literal) {
      return literal.value();
    }
    var from = (ParameterValue.FromOutput) value;
    StackOutcome upstream = done.get(from.component());
    return upstream == null || upstream.stack() == null
        ? null
        : upstream.stack().outputs().get(from.outputKey());
  }

  private static List<StackOutcome> all(
      StackPlan plan, Phase phase, Reason reason, String message) {
    return plan.stacks().stream()
        .map(s -> StackOutcome.of(s.component(), s.stackName(), phase, reason, message))
        .toList();
  }
}
