package io.datapipeline.render;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One stack to deploy: everything CloudFormation needs except the parameter values that come from
 * other stacks' outputs.
 *
 * @param templateBody canonical JSON (stable key order): the same spec renders the same bytes
 * @param parameters parameter name to value, sorted by name
 * @param tags stack tags, sorted by key
 * @param dependsOn components whose outputs this stack's parameters use
 * @param capabilities e.g. CAPABILITY_IAM, CAPABILITY_NAMED_IAM
 */
public record StackSpec(
    Component component,
    String stackName,
    String templateBody,
    Map<String, ParameterValue> parameters,
    Map<String, String> tags,
    List<Component> dependsOn,
    Set<String> capabilities) {

  /**
   * SHA-256 (hex) of the template body. Parameters are not included: values from other stacks'
   * outputs are known only at deploy time, so the operator hashes those it resolves itself.
   */
  public String templateHash() {
    return Names.sha256Hex(templateBody);
  }

  /** This stack with another template body (adapted for a stand-in, say), all else unchanged. */
  public StackSpec withTemplateBody(String body) {
    return new StackSpec(component, stackName, body, parameters, tags, dependsOn, capabilities);
  }

  /** This stack with other parameters, all else unchanged. */
  public StackSpec withParameters(Map<String, ParameterValue> values) {
    return new StackSpec(component, stackName, templateBody, values, tags, dependsOn, capabilities);
  }
}
