package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.list;
import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.render.cfn.Fn;
import java.util.List;
import java.util.Map;

/** IAM policy documents in the shapes CloudFormation takes. */
final class Iam {

  private Iam() {}

  /** A trust policy letting {@code service} (e.g. lambda.amazonaws.com) assume the role. */
  static Map<String, Object> trust(String service) {
    return document(
        list(
            obj(
                "Effect",
                "Allow",
                "Principal",
                obj("Service", service),
                "Action",
                "sts:AssumeRole")));
  }

  static Map<String, Object> document(List<Object> statements) {
    return obj("Version", "2012-10-17", "Statement", statements);
  }

  static Map<String, Object> allow(String sid, List<String> actions, Object resources) {
    return obj("Sid", sid, "Effect", "Allow", "Action", actions, "Resource", resources);
  }

  static Map<String, Object> allow(
      String sid, List<String> actions, Object resources, Map<String, Object> condition) {
    return obj(
        "Sid",
        sid,
        "Effect",
        "Allow",
        "Action",
        actions,
        "Resource",
        resources,
        "Condition",
        condition);
  }

  /** Lets the role write to the log group {@code logGroupLogicalId} of its own stack, only. */
  static Map<String, Object> writeOwnLogs(String logGroupLogicalId) {
    return allow(
        "OwnLogs",
        List.of("logs:CreateLogStream", "logs:PutLogEvents"),
        Fn.getAtt(logGroupLogicalId, "Arn"));
  }

  /** Denies every request to {@code resources} that does not use TLS. */
  static Map<String, Object> denyInsecureTransport(String action, Object resources) {
    return obj(
        "Sid",
        "DenyInsecureTransport",
        "Effect",
        "Deny",
        "Principal",
        "*",
        "Action",
        action,
        "Resource",
        resources,
        "Condition",
        obj("Bool", obj("aws:SecureTransport", "false")));
  }

  static Map<String, Object> inlinePolicy(String name, List<Object> statements) {
    return obj("PolicyName", name, "PolicyDocument", document(statements));
  }
}
