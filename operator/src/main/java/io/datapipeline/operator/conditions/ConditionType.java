package io.datapipeline.operator.conditions;

import io.datapipeline.render.Component;
import java.util.Arrays;
import java.util.Optional;

/**
 * Every condition type a pipeline's status carries: the four summary conditions and one {@code
 * <Component>Ready} per stack.
 */
public enum ConditionType {
  READY("Ready", null),
  RECONCILING("Reconciling", null),
  STALLED("Stalled", null),
  SUSPENDED("Suspended", null),
  /** A change set waits for a person to approve it by name (issue 14). */
  AWAITING_APPROVAL("AwaitingApproval", null),
  /** A stack's resources differ from its template (drift detection). */
  DRIFTED("Drifted", null),
  /**
   * The pipeline's account and region hold at least {@code STACK_QUOTA_WARNING_PERCENT} of their
   * CloudFormation stack quota (issue 17): new stacks, this pipeline's or anyone's, may soon be
   * refused. Absent until the quota could be read.
   */
  STACK_QUOTA_NEARING("StackQuotaNearing", null),
  NETWORK_READY("NetworkReady", Component.NETWORK),
  DATABASE_READY("DatabaseReady", Component.DATABASE),
  TABLE_READY("TableReady", Component.TABLE),
  CONVERTER_READY("ConverterReady", Component.CONVERTER),
  STORAGE_READY("StorageReady", Component.STORAGE),
  DASHBOARD_READY("DashboardReady", Component.DASHBOARD);

  private final String id;
  private final Component component;

  ConditionType(String id, Component component) {
    this.id = id;
    this.component = component;
  }

  /** The type as the status carries it, e.g. {@code DatabaseReady}. */
  public String id() {
    return id;
  }

  /** The stack a component condition reports on; empty for the summary conditions. */
  public Optional<Component> component() {
    return Optional.ofNullable(component);
  }

  /** The condition of a component's stack, e.g. DatabaseReady. */
  public static ConditionType of(Component component) {
    return Arrays.stream(values())
        .filter(t -> t.component == component)
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no condition for " + component));
  }

  /** The type the status spells {@code id}, if it is one of ours. */
  public static Optional<ConditionType> fromId(String id) {
    return Arrays.stream(values()).filter(t -> t.id.equals(id)).findFirst();
  }

  @Override
  public String toString() {
    return id;
  }
}
