package io.datapipeline.operator.it;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.awscore.AwsExecutionAttribute;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Records every AWS request that leaves the operator: service, operation, stack name and region.
 */
public final class AwsCallRecorder implements ExecutionInterceptor {

  /** One request; {@code stackName} null when the request names no stack. */
  public record Call(String service, String operation, String stackName, String region) {}

  private final List<Call> calls = new ArrayList<>();

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    String stack = context.request().getValueForField("StackName", String.class).orElse(null);
    synchronized (calls) {
      calls.add(
          new Call(
              attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
              attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
              stack,
              String.valueOf(attributes.getAttribute(AwsExecutionAttribute.AWS_REGION))));
    }
  }

  public List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  public void clear() {
    synchronized (calls) {
      calls.clear();
    }
  }

  public List<Call> calls(String operation) {
    return calls().stream().filter(c -> c.operation().equals(operation)).toList();
  }

  public List<Call> mutating() {
    List<Call> out = new ArrayList<>();
    for (Call c : calls()) {
      if (!c.operation().startsWith("Describe")
          && !c.operation().startsWith("List")
          && !c.operation().startsWith("Get")) {
        out.add(c);
      }
    }
    return out;
  }
}
