package io.datapipeline.operator.cloudformation;

/**
 * One resource change of a change set, as DescribeChangeSet previews it.
 *
 * @param action Add, Modify, Remove, Import or Dynamic
 * @param replacement for Modify: True, Conditional or False; null otherwise
 */
public record ResourceChange(
    String logicalId, String resourceType, String action, String replacement) {

  public boolean removes() {
    return "Remove".equals(action);
  }

  /** True or Conditional: CloudFormation may create a new, empty resource in its place. */
  public boolean mayReplace() {
    return "Modify".equals(action)
        && ("True".equals(replacement) || "Conditional".equals(replacement));
  }
}
