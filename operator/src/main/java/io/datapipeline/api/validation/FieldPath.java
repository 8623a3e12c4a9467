package io.datapipeline.api.validation;

/** Field paths in the API server's notation: {@code spec.schema.columns[2].name}. */
final class FieldPath {

  private FieldPath() {}

  static String child(String parent, String property) {
    return parent.isEmpty() ? property : parent + "." + property;
  }

  static String item(String parent, int index) {
    return parent + "[" + index + "]";
  }

  /**
   * Appends a CEL rule's {@code fieldPath} (".maxTasks", ".network.publicSubnetIds") to the path of
   * the node the rule is declared on.
   */
  static String withRuleFieldPath(String nodePath, String ruleFieldPath) {
    if (ruleFieldPath == null || ruleFieldPath.isEmpty()) {
      return nodePath;
    }
    String relative = ruleFieldPath.startsWith(".") ? ruleFieldPath.substring(1) : ruleFieldPath;
    return child(nodePath, relative);
  }
}
