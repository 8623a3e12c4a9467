package io.datapipeline.operator.ports;

import io.datapipeline.operator.cloudformation.DriftDetection;
import io.datapipeline.operator.cloudformation.StackView;
import java.util.Optional;

/** Where the reconciler reads stack state from, without one AWS call per stack per pipeline. */
public interface StackObserver {

  /** The latest known state of the stack; empty when it does not exist. */
  Optional<StackView> stack(String stackName);

  /**
   * The operator just acted on the stack: the next {@link #stack} must not answer from an older
   * poll (that would, e.g., make a stack created a second ago look absent).
   */
  void changed(String stackName);

  /**
   * True while the account/region's stack-events queue is read: drift results and dashboard changes
   * then arrive as events, and a reconcile need not ask AWS for them.
   */
  default boolean eventsArrive() {
    return false;
  }

  /** The outcome of a drift detection as its event told it; empty until then (taken once). */
  default Optional<DriftDetection> driftResult(String detectionId) {
    return Optional.empty();
  }

  /**
   * How many ECS events said the dashboard cluster changed since the operator started: a reading
   * older than the latest count is out of date.
   */
  default long dashboardChanges(String clusterName) {
    return 0;
  }
}
