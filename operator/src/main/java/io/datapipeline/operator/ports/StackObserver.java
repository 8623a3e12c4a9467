package io.datapipeline.operator.ports;

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
}
