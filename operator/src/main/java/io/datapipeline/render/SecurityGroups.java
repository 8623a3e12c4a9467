package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.obj;

import java.util.Map;

/** Security group rules in the shapes CloudFormation takes. */
final class SecurityGroups {

  /** Any IPv4 address: only for egress to AWS APIs and registries, never for ingress of data. */
  static final String ANYWHERE = "0.0.0.0/0";

  private SecurityGroups() {}

  static Map<String, Object> tcpFromCidr(int port, String cidr, String description) {
    return tcp(port, "CidrIp", cidr, description);
  }

  static Map<String, Object> tcpFromGroup(int port, Object groupId, String description) {
    return tcp(port, "SourceSecurityGroupId", groupId, description);
  }

  /** An egress rule to the members of security group {@code groupId}. */
  static Map<String, Object> tcpToGroup(int port, Object groupId, String description) {
    return tcp(port, "DestinationSecurityGroupId", groupId, description);
  }

  /** A rule for TCP {@code port} with the peer given as {@code peerKey} (a CIDR or a group). */
  private static Map<String, Object> tcp(
      int port, String peerKey, Object peer, String description) {
    return obj(
        "IpProtocol",
        "tcp",
        "FromPort",
        port,
        "ToPort",
        port,
        peerKey,
        peer,
        "Description",
        description);
  }

  /** A standalone AWS::EC2::SecurityGroupIngress admitting {@code port} from {@code source}. */
  static Map<String, Object> ingressRule(
      Object groupId, int port, Object sourceGroupId, String description) {
    Map<String, Object> rule = tcpFromGroup(port, sourceGroupId, description);
    rule.put("GroupId", groupId);
    return rule;
  }

  static Map<String, Object> tcpToCidr(int port, String cidr, String description) {
    return tcpFromCidr(port, cidr, description);
  }

  /**
   * An egress rule that matches nothing: a security group with no egress rules of its own gets
   * CloudFormation's allow-all default, so a group that should send nothing needs this one.
   */
  static Map<String, Object> noEgress() {
    return obj(
        "IpProtocol",
        "icmp",
        "FromPort",
        252,
        "ToPort",
        86,
        "CidrIp",
        "255.255.255.255/32",
        "Description",
        "Disallow all traffic (replaces the default allow-all egress)");
  }
}
