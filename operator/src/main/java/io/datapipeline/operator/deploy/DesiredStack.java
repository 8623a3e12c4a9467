package io.datapipeline.operator.deploy;

import io.datapipeline.render.Names;
import io.datapipeline.render.StackSpec;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A stack spec with its parameters resolved (other stacks' outputs filled in) and the hash that
 * identifies exactly what would be deployed.
 *
 * @param hash 16 hex digits of SHA-256 over template, parameters, tags, capabilities and role:
 *     equal hashes mean nothing to deploy
 */
public record DesiredStack(StackSpec spec, Map<String, String> parameters, String hash) {

  public static DesiredStack of(StackSpec spec, Map<String, String> parameters, String roleArn) {
    Map<String, String> sorted = new TreeMap<>(parameters);
    StringBuilder canonical = new StringBuilder(spec.templateBody());
    canonical.append("\n--parameters--\n");
    sorted.forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
    canonical.append("--tags--\n");
    new TreeMap<>(spec.tags())
        .forEach((k, v) -> canonical.append(k).append('=').append(v).append('\n'));
    canonical.append("--capabilities--\n").append(new TreeSet<>(spec.capabilities()));
    canonical.append("\n--role--\n").append(roleArn == null ? "" : roleArn);
    return new DesiredStack(
        spec, Map.copyOf(sorted), Names.sha256Hex(canonical.toString()).substring(0, 16));
  }

  /**
   * The change set name for this content at this generation: deterministic, so an operator that
   * restarts mid-way finds the change set its predecessor created instead of making another.
   */
  public String changeSetName(long generation) {
    return "dp-" + generation + "-" + hash;
  }
}
