package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.StackStates;
import io.datapipeline.operator.cloudformation.StackView;
import io.datapipeline.operator.conditions.Reason;
import io.datapipeline.operator.ports.AwsSession;
import io.datapipeline.render.BootstrapRenderer;
import io.datapipeline.render.BootstrapStack;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The per account/region bootstrap stack (contracts.md) every pipeline there shares: created by the
 * operator the first time a pipeline needs its artifacts bucket, never deleted by it (it outlives
 * pipelines and holds the image repositories).
 */
public final class Bootstrap {

  public static final String STACK_NAME = BootstrapRenderer.STACK_NAME;
  public static final String ARTIFACTS_BUCKET_OUTPUT = BootstrapRenderer.OUTPUT_ARTIFACTS_BUCKET;

  /** Where the bootstrap stack stands: the bucket once ready, else why not. */
  public record State(Optional<String> bucket, Phase phase, Reason reason, String message) {}

  private final BootstrapStack stack;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();

  public Bootstrap(BootstrapStack stack) {
    this.stack = stack;
  }

  public static Bootstrap standard() {
    return new Bootstrap(new BootstrapRenderer().render());
  }

  /** One step towards a deployed bootstrap stack in {@code aws}'s account and region. */
  public State ensure(AwsSession aws) {
    // Pipelines of one account reconcile in parallel; one of them creates the shared stack.
    synchronized (locks.computeIfAbsent(aws.target().toString(), k -> new Object())) {
      return step(aws);
    }
  }

  private State step(AwsSession aws) {
    String changeSet = "dp-bootstrap-" + stack.templateHash().substring(0, 16);
    Optional<StackView> found = aws.stacks().stack(STACK_NAME);
    if (found.isEmpty()) {
      aws.cloudFormation()
          .createChangeSet(
              new ChangeSetRequest(
                  STACK_NAME,
                  changeSet,
                  true,
                  stack.templateBody(),
                  null,
                  Map.of(),
                  stack.tags(),
                  stack.capabilities(),
                  null));
      aws.stacks().changed(STACK_NAME);
      return waiting("creating the " + STACK_NAME + " stack of " + aws.target());
    }
    StackView view = found.get();
    if (StackStates.REVIEW_IN_PROGRESS.equals(view.status())) {
      Optional<ChangeSetView> cs = aws.cloudFormation().describeChangeSet(STACK_NAME, changeSet);
      if (cs.isPresent() && cs.get().executable()) {
        aws.cloudFormation().executeChangeSet(STACK_NAME, changeSet);
        aws.stacks().changed(STACK_NAME);
      } else if (cs.isPresent() && cs.get().failed()) {
        return new State(
            Optional.empty(),
            Phase.STALLED,
            Reason.BOOTSTRAP_STACK_FAILED,
            cs.get().statusReason());
      }
      return waiting("creating the " + STACK_NAME + " stack of " + aws.target());
    }
    if (StackStates.inProgress(view.status())) {
      return waiting(STACK_NAME + " is " + view.status());
    }
    String bucket = view.outputs().get(ARTIFACTS_BUCKET_OUTPUT);
    if (StackStates.settled(view.status()) && bucket != null) {
      return new State(Optional.of(bucket), Phase.READY, Reason.BOOTSTRAP_READY, bucket);
    }
    return new State(
        Optional.empty(),
        Phase.STALLED,
        Reason.BOOTSTRAP_STACK_FAILED,
        STACK_NAME
            + " is "
            + view.status()
            + (view.statusReason() == null ? "" : " (" + view.statusReason() + ")")
            + "; a platform administrator must repair or delete it");
  }

  private static State waiting(String message) {
    return new State(Optional.empty(), Phase.IN_PROGRESS, Reason.CREATING_BOOTSTRAP_STACK, message);
  }
}
