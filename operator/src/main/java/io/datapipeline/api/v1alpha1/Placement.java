package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/**
 * Where the pipeline's stacks were deployed, recorded by the operator: a spec that names another
 * region, account or network mode is refused (the stacks cannot move), even when it reached the
 * operator without admission.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class Placement {

  @JsonPropertyDescription("AWS region of the stacks.")
  public String region;

  @JsonPropertyDescription(
      "The role assumed for the stacks' account (spec.aws.roleArn when deployed); absent for the"
          + " operator's own identity.")
  public String roleArn;

  @JsonPropertyDescription("create (a network the operator owns) or existing (given subnets).")
  public String network;

  public Placement() {}

  public Placement(String region, String roleArn, String network) {
    this.region = region;
    this.roleArn = roleArn;
    this.network = network;
  }

  /** The account id of {@code roleArn}, or "" for the operator's own identity. */
  public static String accountOf(String roleArn) {
    if (roleArn == null) {
      return "";
    }
    String[] parts = roleArn.split(":");
    return parts.length >= 5 ? parts[4] : "";
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Placement other
        && Objects.equals(region, other.region)
        && Objects.equals(roleArn, other.roleArn)
        && Objects.equals(network, other.network);
  }

  @Override
  public int hashCode() {
    return Objects.hash(region, roleArn, network);
  }
}
