package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;
import java.util.ArrayList;
import java.util.List;

/**
 * A VPC over two Availability Zones owned by the pipeline: a public and a private subnet in each,
 * an internet gateway for the public ones, and the VPC endpoints the converter needs from the
 * private ones (gateway endpoints for S3 and DynamoDB, an interface endpoint for Secrets Manager).
 * No NAT gateway: nothing in the private subnets needs the internet.
 */
final class NetworkStack {

  static final int ZONES = 2;

  private NetworkStack() {}

  /**
   * The VPC block cut into four equal subnets (public and private in two zones), computed here
   * rather than with Fn::Cidr so the golden files and reviewers see the actual ranges.
   */
  static List<String> quarters(String cidr) {
    int slash = cidr.indexOf('/');
    int prefix = Integer.parseInt(cidr.substring(slash + 1));
    String[] octets = cidr.substring(0, slash).split("\\.");
    long address = 0;
    for (String octet : octets) {
      address = (address << 8) | Integer.parseInt(octet);
    }
    long size = 1L << (32 - prefix - 2);
    long base = address & ~((1L << (32 - prefix)) - 1) & 0xFFFFFFFFL;
    List<String> blocks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long start = base + i * size;
      blocks.add(
          ((start >> 24) & 255)
              + "."
              + ((start >> 16) & 255)
              + "."
              + ((start >> 8) & 255)
              + "."
              + (start & 255)
              + "/"
              + (prefix + 2));
    }
    return blocks;
  }

  static StackSpec render(RenderContext context) {
    String cidr = context.spec().network.create.cidr;
    String who = context.label();
    StackBuilder stack = new StackBuilder(Component.NETWORK, context, "network");
    Template t = stack.template();
    addVpcAndRouteTables(t, cidr);
    addSubnets(t, quarters(cidr));
    addEndpoints(t, cidr, who);
    addOutputs(t);
    return stack.build();
  }

  /** The VPC, its internet gateway, a public route table through it and a private one without. */
  private static void addVpcAndRouteTables(Template t, String cidr) {
    t.resource(
        "Vpc",
        "AWS::EC2::VPC",
        obj("CidrBlock", cidr, "EnableDnsHostnames", true, "EnableDnsSupport", true));
    t.resource("InternetGateway", "AWS::EC2::InternetGateway", obj());
    t.resource(
        "InternetGatewayAttachment",
        "AWS::EC2::VPCGatewayAttachment",
        obj("VpcId", Fn.ref("Vpc"), "InternetGatewayId", Fn.ref("InternetGateway")));
    t.resource("PublicRouteTable", "AWS::EC2::RouteTable", obj("VpcId", Fn.ref("Vpc")));
    t.resource(
            "PublicDefaultRoute",
            "AWS::EC2::Route",
            obj(
                "RouteTableId", Fn.ref("PublicRouteTable"),
                "DestinationCidrBlock", SecurityGroups.ANYWHERE,
                "GatewayId", Fn.ref("InternetGateway")))
        .dependsOn("InternetGatewayAttachment");
    t.resource("PrivateRouteTable", "AWS::EC2::RouteTable", obj("VpcId", Fn.ref("Vpc")));
  }

  /** A public and a private subnet in each zone: the first quarters public, the rest private. */
  private static void addSubnets(Template t, List<String> blocks) {
    for (int zone = 0; zone < ZONES; zone++) {
      addSubnet(t, "Public", zone, blocks.get(zone));
      addSubnet(t, "Private", zone, blocks.get(ZONES + zone));
    }
  }

  /** Subnet {@code <kind><zone+1>} and its association with the {@code <kind>RouteTable}. */
  private static void addSubnet(Template t, String kind, int zone, String block) {
    String subnet = kind + "Subnet" + (zone + 1);
    t.resource(
        subnet,
        "AWS::EC2::Subnet",
        obj(
            "VpcId", Fn.ref("Vpc"),
            "AvailabilityZone", Fn.select(zone, Fn.azs()),
            "CidrBlock", block));
    t.resource(
        subnet + "Routes",
        "AWS::EC2::SubnetRouteTableAssociation",
        obj("SubnetId", Fn.ref(subnet), "RouteTableId", Fn.ref(kind + "RouteTable")));
  }

  /** Gateway endpoints for S3 and DynamoDB, an interface endpoint for Secrets Manager. */
  private static void addEndpoints(Template t, String cidr, String who) {
    for (String service : new String[] {"s3", "dynamodb"}) {
      t.resource(
          (service.equals("s3") ? "S3" : "DynamoDb") + "Endpoint",
          "AWS::EC2::VPCEndpoint",
          obj(
              "VpcId", Fn.ref("Vpc"),
              "VpcEndpointType", "Gateway",
              "ServiceName", Fn.sub("com.amazonaws.${AWS::Region}." + service),
              "RouteTableIds", list(Fn.ref("PrivateRouteTable"))));
    }
    t.resource(
        "EndpointSecurityGroup",
        "AWS::EC2::SecurityGroup",
        obj(
            "GroupDescription",
            "Interface endpoints of " + who + ": HTTPS from inside the VPC",
            "VpcId",
            Fn.ref("Vpc"),
            "SecurityGroupIngress",
            list(SecurityGroups.tcpFromCidr(Ports.HTTPS, cidr, "HTTPS from the VPC")),
            "SecurityGroupEgress",
            list(SecurityGroups.noEgress())));
    t.resource(
        "SecretsManagerEndpoint",
        "AWS::EC2::VPCEndpoint",
        obj(
            "VpcId", Fn.ref("Vpc"),
            "VpcEndpointType", "Interface",
            "ServiceName", Fn.sub("com.amazonaws.${AWS::Region}.secretsmanager"),
            "PrivateDnsEnabled", true,
            "SubnetIds", list(Fn.ref("PrivateSubnet1"), Fn.ref("PrivateSubnet2")),
            "SecurityGroupIds", list(Fn.getAtt("EndpointSecurityGroup", "GroupId"))));
  }

  private static void addOutputs(Template t) {
    t.output(StackOutput.VPC_ID.key(), Fn.ref("Vpc"), "The VPC.")
        .output(
            StackOutput.PRIVATE_SUBNET_IDS.key(),
            Fn.join(",", list(Fn.ref("PrivateSubnet1"), Fn.ref("PrivateSubnet2"))),
            "Private subnets, comma-separated.")
        .output(
            StackOutput.PUBLIC_SUBNET_IDS.key(),
            Fn.join(",", list(Fn.ref("PublicSubnet1"), Fn.ref("PublicSubnet2"))),
            "Public subnets, comma-separated.");
  }
}
