package io.datapipeline.operator.aws;

import io.datapipeline.operator.metrics.OperatorMetrics;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Counts every AWS HTTP request, SDK retries included, by service and operation
 * (datapipeline_aws_requests_total; CloudFormation's also in the older
 * datapipeline_cloudformation_calls_total).
 */
final class CallCounter implements ExecutionInterceptor {

  private final OperatorMetrics metrics;

  CallCounter(OperatorMetrics metrics) {
    this.metrics = metrics;
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    metrics.awsRequest(
        attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME),
        attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
  }
}
