package io.datapipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackEvent;

/**
 * The deletion fixes {@code moto/sitecustomize.py} loads into every moto_server we start, checked
 * against moto itself: a deleted stack leaves nothing of its network behind, and one whose
 * resources fail to delete ends DELETE_FAILED with the reasons, as in AWS, instead of vanishing
 * while its resources stay.
 */
@ExtendWith(MotoExtension.class)
class MotoDeletionFixesIT {

  /** Every EC2 type the network stack has (templates.md), as small as moto deploys them. */
  private static final String NETWORK =
      """
      {"Resources":{
        "Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.42.0.0/16"}},
        "Gateway":{"Type":"AWS::EC2::InternetGateway"},
        "GatewayAttachment":{"Type":"AWS::EC2::VPCGatewayAttachment",
          "Properties":{"VpcId":{"Ref":"Vpc"},"InternetGatewayId":{"Ref":"Gateway"}}},
        "PublicRouteTable":{"Type":"AWS::EC2::RouteTable","Properties":{"VpcId":{"Ref":"Vpc"}}},
        "PublicDefaultRoute":{"Type":"AWS::EC2::Route","DependsOn":"GatewayAttachment",
          "Properties":{"RouteTableId":{"Ref":"PublicRouteTable"},
            "DestinationCidrBlock":"0.0.0.0/0","GatewayId":{"Ref":"Gateway"}}},
        "Subnet":{"Type":"AWS::EC2::Subnet",
          "Properties":{"VpcId":{"Ref":"Vpc"},"CidrBlock":"10.42.1.0/24"}},
        "SubnetRoutes":{"Type":"AWS::EC2::SubnetRouteTableAssociation",
          "Properties":{"SubnetId":{"Ref":"Subnet"},"RouteTableId":{"Ref":"PublicRouteTable"}}},
        "EndpointSecurityGroup":{"Type":"AWS::EC2::SecurityGroup",
          "Properties":{"GroupDescription":"endpoints","VpcId":{"Ref":"Vpc"}}},
        "S3Endpoint":{"Type":"AWS::EC2::VPCEndpoint","Properties":{"VpcId":{"Ref":"Vpc"},
          "ServiceName":"com.amazonaws.eu-west-1.s3","VpcEndpointType":"Gateway",
          "RouteTableIds":[{"Ref":"PublicRouteTable"}]}},
        "SecretsEndpoint":{"Type":"AWS::EC2::VPCEndpoint","Properties":{"VpcId":{"Ref":"Vpc"},
          "ServiceName":"com.amazonaws.eu-west-1.secretsmanager","VpcEndpointType":"Interface",
          "SubnetIds":[{"Ref":"Subnet"}],"SecurityGroupIds":[{"Ref":"EndpointSecurityGroup"}]}}
      }}
      """;

  private static final String VPC_AND_PARAMETER =
      """
      {"Resources":{
        "Vpc":{"Type":"AWS::EC2::VPC","Properties":{"CidrBlock":"10.43.0.0/16"}},
        "Marker":{"Type":"AWS::SSM::Parameter",
          "Properties":{"Name":"/fixes/marker","Type":"String","Value":"x"}}
      }}
      """;

  @Test
  void aDeletedNetworkStackLeavesNoVpcRouteTableEndpointOrGatewayBehind(MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(r -> r.stackName("dp-fixes-network").templateBody(NETWORK));
    String stackId =
        cfn.describeStacks(r -> r.stackName("dp-fixes-network")).stacks().get(0).stackId();
    Map<String, String> physical = physicalIds(cfn, "dp-fixes-network");
    Ec2Query ec2 = new Ec2Query(aws.endpoint());
    String vpc = physical.get("Vpc");
    assertThat(ec2.ids("DescribeRouteTables", "vpc-id", vpc, "routeTableId"))
        .as("the stack's route table, before the deletion")
        .contains(physical.get("PublicRouteTable"));

    cfn.deleteStack(r -> r.stackName("dp-fixes-network"));

    assertThat(cfn.describeStacks(r -> r.stackName(stackId)).stacks().get(0).stackStatusAsString())
        .isEqualTo("DELETE_COMPLETE");
    assertThat(ec2.ids("DescribeVpcs", "vpc-id", vpc, "vpcId")).as("VPC").isEmpty();
    assertThat(ec2.ids("DescribeRouteTables", "vpc-id", vpc, "routeTableId"))
        .as("route tables")
        .isEmpty();
    assertThat(ec2.ids("DescribeSubnets", "vpc-id", vpc, "subnetId")).as("subnets").isEmpty();
    assertThat(ec2.ids("DescribeVpcEndpoints", "vpc-id", vpc, "vpcEndpointId"))
        .as("VPC endpoints")
        .isEmpty();
    assertThat(ec2.ids("DescribeSecurityGroups", "vpc-id", vpc, "groupId"))
        .as("security groups")
        .isEmpty();
    assertThat(ec2.ids("DescribeInternetGateways", null, null, "internetGatewayId"))
        .as("internet gateways")
        .doesNotContain(physical.get("Gateway"));
  }

  @Test
  void aResourceThatFailsToDeleteLeavesTheStackDeleteFailedWithItsReasonThenRetainable(
      MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(r -> r.stackName("dp-fixes-held").templateBody(VPC_AND_PARAMETER));
    String vpc = physicalIds(cfn, "dp-fixes-held").get("Vpc");
    Ec2Query ec2 = new Ec2Query(aws.endpoint());
    // Out of band, as a tenant's own instance or a Lambda's network interface would hold it.
    ec2.call("CreateSubnet", "VpcId", vpc, "CidrBlock", "10.43.9.0/24");

    cfn.deleteStack(r -> r.stackName("dp-fixes-held"));

    assertThat(status(cfn, "dp-fixes-held"))
        .as("AWS keeps a stack whose resources failed to delete, by name, DELETE_FAILED")
        .isEqualTo("DELETE_FAILED");
    List<StackEvent> events =
        cfn.describeStackEvents(r -> r.stackName("dp-fixes-held")).stackEvents();
    StackEvent vpcFailed =
        events.stream().filter(e -> "Vpc".equals(e.logicalResourceId())).findFirst().orElseThrow();
    assertThat(vpcFailed.resourceStatusAsString()).isEqualTo("DELETE_FAILED");
    assertThat(vpcFailed.resourceType()).isEqualTo("AWS::EC2::VPC");
    assertThat(vpcFailed.physicalResourceId()).isEqualTo(vpc);
    assertThat(vpcFailed.resourceStatusReason())
        .contains("has dependencies", "DependencyViolation");
    assertThat(events.get(0).logicalResourceId()).isEqualTo("dp-fixes-held");
    assertThat(events.get(0).resourceStatusReason())
        .isEqualTo("The following resource(s) failed to delete: [Vpc]. ");
    assertThat(events)
        .as("the parameter, which could be deleted, was")
        .noneMatch(e -> "Marker".equals(e.logicalResourceId()));

    cfn.deleteStack(r -> r.stackName("dp-fixes-held"));
    assertThat(status(cfn, "dp-fixes-held"))
        .as("a plain retry fails the same way while the subnet holds the VPC")
        .isEqualTo("DELETE_FAILED");

    String stackId =
        cfn.describeStacks(r -> r.stackName("dp-fixes-held")).stacks().get(0).stackId();
    cfn.deleteStack(r -> r.stackName("dp-fixes-held").retainResources("Vpc"));
    List<StackEvent> last = cfn.describeStackEvents(r -> r.stackName(stackId)).stackEvents();
    assertThat(last.get(0).resourceStatusAsString()).isEqualTo("DELETE_COMPLETE");
    assertThat(last.get(1))
        .as("the VPC kept on request, reported as AWS reports it")
        .satisfies(
            e -> {
              assertThat(e.logicalResourceId()).isEqualTo("Vpc");
              assertThat(e.resourceStatusAsString()).isEqualTo("DELETE_SKIPPED");
              assertThat(e.physicalResourceId()).isEqualTo(vpc);
            });

    assertThatThrownBy(() -> status(cfn, "dp-fixes-held"))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("does not exist");
    assertThat(ec2.ids("DescribeVpcs", "vpc-id", vpc, "vpcId"))
        .as("the VPC retained on request stays in AWS")
        .containsExactly(vpc);
  }

  @Test
  void aResourceTheDeletionPolicyKeepsIsReportedSkippedBeforeTheStackIsDeleted(MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(
        r ->
            r.stackName("dp-fixes-kept")
                .templateBody(
                    """
                    {"Resources":{
                      "Kept":{"Type":"AWS::SSM::Parameter","DeletionPolicy":"Retain",
                        "Properties":{"Name":"/fixes/kept","Type":"String","Value":"x"}},
                      "Gone":{"Type":"AWS::SSM::Parameter",
                        "Properties":{"Name":"/fixes/gone","Type":"String","Value":"x"}}
                    }}
                    """));
    String stackId =
        cfn.describeStacks(r -> r.stackName("dp-fixes-kept")).stacks().get(0).stackId();

    cfn.deleteStack(r -> r.stackName("dp-fixes-kept"));

    List<StackEvent> events = cfn.describeStackEvents(r -> r.stackName(stackId)).stackEvents();
    assertThat(events)
        .extracting(e -> e.logicalResourceId() + " " + e.resourceStatusAsString())
        .startsWith("dp-fixes-kept DELETE_COMPLETE", "Kept DELETE_SKIPPED")
        .doesNotContain("Gone DELETE_SKIPPED");
    assertThat(events.get(1).physicalResourceId()).isEqualTo("/fixes/kept");
  }

  @Test
  void retainResourcesIsRefusedOnAStackThatHasNotFailedToDelete(MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    cfn.createStack(r -> r.stackName("dp-fixes-fine").templateBody(VPC_AND_PARAMETER));

    assertThatThrownBy(
            () -> cfn.deleteStack(r -> r.stackName("dp-fixes-fine").retainResources("Vpc")))
        .isInstanceOf(CloudFormationException.class)
        .hasMessageContaining("only be specified when the stack is in the DELETE_FAILED state");
    assertThat(status(cfn, "dp-fixes-fine")).isEqualTo("CREATE_COMPLETE");
  }

  private static String status(CloudFormationClient cfn, String stack) {
    return cfn.describeStacks(r -> r.stackName(stack)).stacks().get(0).stackStatusAsString();
  }

  private static Map<String, String> physicalIds(CloudFormationClient cfn, String stack) {
    Map<String, String> ids = new LinkedHashMap<>();
    cfn.describeStackResources(r -> r.stackName(stack))
        .stackResources()
        .forEach(resource -> ids.put(resource.logicalResourceId(), resource.physicalResourceId()));
    return ids;
  }
}
