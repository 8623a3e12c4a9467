package io.datapipeline.operator.it;

/**
 * TEST STAND-IN for what moto cannot do: moto 5.2.1 does not implement CloudFormation's
 * DescribeAccountLimits (HTTP 500 NotImplementedError). Answers that one operation as
 * CloudFormation does (the Query protocol's XML) with the given {@code StackLimit}; every other
 * request goes to moto unchanged ({@link MissingOperationsStandIn}).
 */
final class AccountLimitsStandIn extends MissingOperationsStandIn {

  private static final String OPERATION = "DescribeAccountLimits";

  AccountLimitsStandIn(int stackLimit) {
    answering(
        OPERATION,
        request ->
            Answer.xml(
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
    return answered(OPERATION);
  }
}
