package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.List;

/** Either existing subnets of a VPC, or a network the operator creates and owns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "has(self.create) ? !has(self.vpcId) && !has(self.privateSubnetIds)"
            + " && !has(self.publicSubnetIds) : has(self.vpcId) && has(self.privateSubnetIds)",
    message =
        "network: set either `create`, or `vpcId` with `privateSubnetIds` (and"
            + " `publicSubnetIds`), not both")
@ValidationRule(
    value = "has(self.create) == has(oldSelf.create)",
    message = NetworkSpec.MODE_IMMUTABLE)
public class NetworkSpec {

  public static final String MODE_IMMUTABLE =
      "network: switching between `create` and existing subnets would replace every stack; "
          + AwsSpec.HOW_TO_MOVE;

  @Size(max = 21)
  @Pattern(Patterns.VPC_ID)
  @JsonPropertyDescription("Existing VPC the pipeline runs in.")
  public String vpcId;

  @Size(min = 2, max = 16)
  @JsonPropertyDescription(
      "At least two private subnets in different Availability Zones, for the Lambda function, the"
          + " database and the Grafana tasks. They need a route to S3, DynamoDB and Secrets Manager"
          + " (VPC endpoints or NAT).")
  public List<@Size(max = 24) @Pattern(Patterns.SUBNET_ID) String> privateSubnetIds;

  @Size(min = 2, max = 16)
  @JsonPropertyDescription(
      "At least two public subnets in different Availability Zones, for the dashboard's load"
          + " balancer. Required when the dashboard is enabled.")
  public List<@Size(max = 24) @Pattern(Patterns.SUBNET_ID) String> publicSubnetIds;

  @JsonPropertyDescription(
      "Create a VPC over two Availability Zones (public and private subnets, VPC endpoints) owned"
          + " by this pipeline.")
  public NetworkCreateSpec create;

  /** Parameters of a network the operator creates. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public static class NetworkCreateSpec {
    @Default("10.42.0.0/16")
    @Size(max = 18)
    @Pattern(Patterns.IPV4_CIDR_16_TO_24)
    @JsonPropertyDescription("IPv4 CIDR block of the VPC, /16 to /24.")
    public String cidr = "10.42.0.0/16";
  }
}
