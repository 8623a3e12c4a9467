package io.datapipeline.render.cfn;

import java.util.List;
import java.util.Map;

/** CloudFormation intrinsic functions and pseudo parameters, as template values. */
public final class Fn {

  public static final Map<String, Object> ACCOUNT_ID = ref("AWS::AccountId");
  public static final Map<String, Object> REGION = ref("AWS::Region");
  public static final Map<String, Object> PARTITION = ref("AWS::Partition");
  public static final Map<String, Object> URL_SUFFIX = ref("AWS::URLSuffix");
  public static final Map<String, Object> NO_VALUE = ref("AWS::NoValue");

  private Fn() {}

  public static Map<String, Object> ref(String logicalId) {
    return Json.obj("Ref", logicalId);
  }

  public static Map<String, Object> getAtt(String logicalId, String attribute) {
    return Json.obj("Fn::GetAtt", List.of(logicalId, attribute));
  }

  /** {@code Fn::Sub} over parameters, resources and pseudo parameters named in {@code text}. */
  public static Map<String, Object> sub(String text) {
    return Json.obj("Fn::Sub", text);
  }

  /** {@code Fn::Sub} with variables of its own. */
  public static Map<String, Object> sub(String text, Map<String, Object> variables) {
    return Json.obj("Fn::Sub", List.of(text, variables));
  }

  public static Map<String, Object> join(String delimiter, Object values) {
    return Json.obj("Fn::Join", List.of(delimiter, values));
  }

  public static Map<String, Object> select(int index, Object list) {
    return Json.obj("Fn::Select", List.of(index, list));
  }

  /** The Availability Zones of the stack's region. */
  public static Map<String, Object> azs() {
    return Json.obj("Fn::GetAZs", "");
  }

  /** {@code count} CIDR blocks with {@code hostBits} host bits each, carved from {@code block}. */
  public static Map<String, Object> cidr(Object block, int count, int hostBits) {
    return Json.obj("Fn::Cidr", List.of(block, count, Integer.toString(hostBits)));
  }

  public static Map<String, Object> ifThen(String condition, Object whenTrue, Object whenFalse) {
    return Json.obj("Fn::If", List.of(condition, whenTrue, whenFalse));
  }

  public static Map<String, Object> equalTo(Object left, Object right) {
    return Json.obj("Fn::Equals", List.of(left, right));
  }

  public static Map<String, Object> not(Object condition) {
    return Json.obj("Fn::Not", List.of(condition));
  }

  /** An ARN in the stack's partition, e.g. {@code arn("s3", "", "", "bucket/*")}. */
  public static Map<String, Object> arn(String service, String resource) {
    return sub(
        "arn:${AWS::Partition}:" + service + ":${AWS::Region}:${AWS::AccountId}:" + resource);
  }
}
