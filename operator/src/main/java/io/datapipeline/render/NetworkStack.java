package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.Fn;
import io.datapipeline.render.cfn.Template;

/**
 * A VPC over two Availability Zones owned by the pipeline: a public and a private subnet in each,
 * an internet gateway for the public ones, and the VPC endpoints the converter needs from the
 * private ones (gateway endpoints for S3 and DynamoDB, an interface endpoint for Secrets Manager).
 * No NAT gateway: nothing in the private subnets needs the internet.
 */
final class NetworkStack {

  static final int ZONES = 2;

  private NetworkStack() {}

  static StackSpec render(RenderContext context) {
    String cidr = context.spec().network.create.cidr;
    int prefixLength = Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1));
    // Four equal subnets (public and private in two zones): two more prefix bits than the VPC.
    int subnetHostBits = 32 - (prefixLength + 2);
    String who = context.label();
    StackBuilder stack = new StackBuilder(Component.NETWORK, "DataPipeline " + who + ": network");
    Template t = stack.template();

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

    Object blocks = Fn.cidr(Fn.getAtt("Vpc", "CidrBlock"), 2 * ZONES, subnetHostBits);
    for (int zone = 0; zone < ZONES; zone++) {
      String n = Integer.toString(zone + 1);
      t.resource(
          "PublicSubnet" + n,
          "AWS::EC2::Subnet",
          obj(
              "VpcId", Fn.ref("Vpc"),
              "AvailabilityZone", Fn.select(zone, Fn.azs()),
              "CidrBlock", Fn.select(zone, blocks)));
      t.resource(
          "PublicSubnet" + n + "Routes",
          "AWS::EC2::SubnetRouteTableAssociation",
          obj("SubnetId", Fn.ref("PublicSubnet" + n), "RouteTableId", Fn.ref("PublicRouteTable")));
      t.resource(
          "PrivateSubnet" + n,
          "AWS::EC2::Subnet",
          obj(
              "VpcId", Fn.ref("Vpc"),
              "AvailabilityZone", Fn.select(zone, Fn.azs()),
              "CidrBlock", Fn.select(ZONES + zone, blocks)));
      t.resource(
          "PrivateSubnet" + n + "Routes",
          "AWS::EC2::SubnetRouteTableAssociation",
          obj(
              "SubnetId",
              Fn.ref("PrivateSubnet" + n),
              "RouteTableId",
              Fn.ref("PrivateRouteTable")));
    }

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

    t.output(OutputKeys.VPC_ID, Fn.ref("Vpc"), "The VPC.")
        .output(
            OutputKeys.PRIVATE_SUBNET_IDS,
            Fn.join(",", list(Fn.ref("PrivateSubnet1"), Fn.ref("PrivateSubnet2"))),
            "Private subnets, comma-separated.")
        .output(
            OutputKeys.PUBLIC_SUBNET_IDS,
            Fn.join(",", list(Fn.ref("PublicSubnet1"), Fn.ref("PublicSubnet2"))),
            "Public subnets, comma-separated.");
    return stack.build(context);
  }
}
