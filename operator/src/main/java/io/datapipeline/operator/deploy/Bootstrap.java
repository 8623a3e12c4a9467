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
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The per account/region bootstrap stack (contracts.md) every pipeline there shares: created by the
 * operator the first time a pipeline needs its artifacts bucket, updated by change set when an
 * operator upgrade changes its template (tag {@link #HASH_TAG}), never deleted by it (it outlives
 * pipelines and holds the image repositories).
 */
public final class Bootstrap {

  public static final String STACK_NAME = BootstrapRenderer.STACK_NAME;

  /** Which template the bootstrap stack was last deployed with (16 hex digits of its hash). */
  public static final String HASH_TAG = "datapipeline.io/template-hash";

  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  public static final String ARTIFACTS_BUCKET_OUTPUT = BootstrapRenderer.OUTPUT_ARTIFACTS_BUCKET;

  /** Where the bootstrap stack stands: the bucket once ready, else why not. */
  public record State(Optional<String> bucket, Phase phase, Reason reason, String message) {}

  private final BootstrapStack stack;
  private final Map<String, Object> locks = new ConcurrentHashMap<>();
  private final Set<String> settled = ConcurrentHashMap.newKeySet();

  public Bootstrap(BootstrapStack stack) {
    this.stack = stack;
  }

  public static Bootstrap standard() {
    return new Bootstrap(new BootstrapRenderer().render());
  }

  /** One step towards a deployed bootstrap stack in {@code aws}'s account and region. */
  public State ensure(AwsSession aws) {
    // Pipelines of one account reconcile in parallel, each with a session of its own (assumed
    // roles): the lock is the account's and region's, so one of them creates the shared stack and
    // the others find it (keyed by session, ten threads each created a change set for it).
    synchronized (locks.computeIfAbsent(aws.accountRegion(), k -> new Object())) {
      return step(aws);
    }
  }

  private State step(AwsSession aws) {
    String hash = stack.templateHash().substring(0, 16);
    String changeSet = "dp-bootstrap-" + hash;
    Optional<StackView> found = aws.stacks().stack(STACK_NAME);
    if (found.isEmpty()) {
      createChangeSet(aws, changeSet, true);
      return waiting("creating the " + STACK_NAME + " stack of " + aws.accountRegion());
    }
    StackView view = found.get();
    if (StackStates.REVIEW_IN_PROGRESS.equals(view.status())) {
      Optional<ChangeSetView> cs = aws.cloudFormation().describeChangeSet(STACK_NAME, changeSet);
      if (cs.isEmpty()) {
        // A change set of an older operator (another template) was never executed: make ours.
        createChangeSet(aws, changeSet, true);
      } else if (cs.get().executable()) {
        aws.cloudFormation().executeChangeSet(STACK_NAME, changeSet);
        aws.stacks().changed(STACK_NAME);
      } else if (cs.get().failed()) {
        return new State(
            Optional.empty(),
            Phase.STALLED,
            Reason.BOOTSTRAP_STACK_FAILED,
            cs.get().statusReason());
      }
      return waiting("creating the " + STACK_NAME + " stack of " + aws.accountRegion());
    }
    String bucket = view.outputs().get(ARTIFACTS_BUCKET_OUTPUT);
    if (StackStates.inProgress(view.status())) {
      // While an update runs the bucket is still there: pipelines need not wait for it.
      return bucket != null && view.status().startsWith("UPDATE")
          ? new State(Optional.of(bucket), Phase.READY, Reason.BOOTSTRAP_READY, bucket)
          : waiting(STACK_NAME + " is " + view.status());
    }
    if (StackStates.settled(view.status()) && bucket != null) {
      upgrade(aws, view, hash, changeSet);
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

  /**
   * After an operator upgrade the bootstrap template may differ from the deployed one (the stack's
   * hash tag says which is deployed): updates it by change set, once per template and target. A
   * change set that changes nothing, fails, or rolls back is not tried again by this process (the
   * stack it leaves still serves its bucket); a failure is logged for the administrator.
   */
  private void upgrade(AwsSession aws, StackView view, String hash, String changeSet) {
    String key = aws.accountRegion() + "/" + hash;
    if (hash.equals(view.tags().get(HASH_TAG)) || settled.contains(key)) {
      return;
    }
    Optional<ChangeSetView> cs = aws.cloudFormation().describeChangeSet(STACK_NAME, changeSet);
    if (cs.isEmpty()) {
      LOG.info("{}: updating {} to template {}", aws.accountRegion(), STACK_NAME, hash);
      createChangeSet(aws, changeSet, false);
    } else if (cs.get().executable()) {
      aws.cloudFormation().executeChangeSet(STACK_NAME, changeSet);
      aws.stacks().changed(STACK_NAME);
    } else if (cs.get().hasNoChanges()) {
      aws.cloudFormation().deleteChangeSet(STACK_NAME, changeSet);
      settled.add(key);
    } else if (cs.get().failed() || cs.get().executionFailed() || cs.get().executed()) {
      if (!cs.get().executed()) {
        LOG.warn(
            "{}: updating {} failed ({}); it keeps serving with its old template",
            aws.accountRegion(),
            STACK_NAME,
            cs.get().failed() ? cs.get().statusReason() : "rolled back");
      }
      settled.add(key);
    }
  }

  private void createChangeSet(AwsSession aws, String changeSet, boolean create) {
    Map<String, String> tags = new TreeMap<>(stack.tags());
    tags.put(HASH_TAG, stack.templateHash().substring(0, 16));
    aws.cloudFormation()
        .createChangeSet(
            new ChangeSetRequest(
                STACK_NAME,
                changeSet,
                create,
                stack.templateBody(),
                null,
                Map.of(),
                tags,
                stack.capabilities(),
                null));
    aws.stacks().changed(STACK_NAME);
  }

  private static State waiting(String message) {
    return new State(Optional.empty(), Phase.IN_PROGRESS, Reason.CREATING_BOOTSTRAP_STACK, message);
  }
}
