package io.datapipeline.operator.it;

import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;

/**
 * Throttles a fraction of CloudFormation request attempts the way CloudFormation does: the request
 * is not processed and the attempt fails with error code {@code Throttling} (HTTP 400), which the
 * SDK's retry strategy treats as throttling (backoff, retry) and, when its attempts run out, hands
 * to the operator.
 */
public final class ThrottlingInjector implements ExecutionInterceptor {

  private final double fraction;
  private final Random random = new Random(42);
  private final AtomicInteger injected = new AtomicInteger();

  public ThrottlingInjector(double fraction) {
    this.fraction = fraction;
  }

  public int injected() {
    return injected.get();
  }

  @Override
  public void beforeTransmission(
      Context.BeforeTransmission context, ExecutionAttributes attributes) {
    if (!"CloudFormation".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))) {
      return;
    }
    boolean throttle;
    synchronized (random) {
      throttle = random.nextDouble() < fraction;
    }
    if (throttle) {
      injected.incrementAndGet();
      throw throttled();
    }
  }

  /** What CloudFormation answers a request over its rate: HTTP 400, error code Throttling. */
  static CloudFormationException throttled() {
    return (CloudFormationException)
        CloudFormationException.builder()
            .statusCode(400)
            .message("Rate exceeded")
            .awsErrorDetails(
                AwsErrorDetails.builder()
                    .errorCode("Throttling")
                    .errorMessage("Rate exceeded")
                    .serviceName("CloudFormation")
                    .build())
            .build();
  }
}
