package io.datapipeline.operator.it;

import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * TEST STAND-IN for what moto cannot do: moto 5.2.1 does not implement CloudFormation's
 * DescribeAccountLimits (HTTP 500 NotImplementedError). Answers that one operation as
 * CloudFormation does (the Query protocol's XML) with the given {@code StackLimit}, through {@link
 * MissingOperationsStandIn}; every other request goes to moto unchanged.
 */
final class AccountLimitsStandIn implements ExecutionInterceptor, AutoCloseable {

  private static final String OPERATION = "DescribeAccountLimits";

  private final MissingOperationsStandIn standIn;

  AccountLimitsStandIn(int stackLimit) {
    standIn =
        new MissingOperationsStandIn()
            .answering(
                OPERATION,
                request ->
                    MissingOperationsStandIn.Answer.xml(
                        """
                        <DescribeAccountLimitsResponse \
                        xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                          <DescribeAccountLimitsResult>
                            <AccountLimits>
                              <member><Name>StackLimit</Name><Value>%d</Value></member>
                              <member><Name>StackOutputsLimit</Name><Value>200</Value></member>
                            </AccountLimits>
                          </DescribeAccountLimitsResult>
                          <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>
                        </DescribeAccountLimitsResponse>
                        """
                            .formatted(stackLimit)));
  }

  /** DescribeAccountLimits answers asked so far. */
  int answered() {
    return standIn.answered(OPERATION);
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    return standIn.modifyHttpRequest(context, attributes);
  }

  @Override
  public void close() {
    standIn.close();
  }
}
