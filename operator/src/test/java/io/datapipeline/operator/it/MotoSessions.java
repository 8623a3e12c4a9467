package io.datapipeline.operator.it;

import io.datapipeline.operator.aws.AwsClientSettings;
import io.datapipeline.operator.aws.SdkAwsSessions;
import io.datapipeline.operator.metrics.OperatorMetrics;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/** The operator's AWS adapter against moto, for ITs that use it without the operator around it. */
final class MotoSessions {

  private MotoSessions() {}

  /** The operator's own credentials, as the default provider finds them: any key works on moto. */
  static void useStaticKeys() {
    System.setProperty("aws.accessKeyId", "testing");
    System.setProperty("aws.secretAccessKey", "testing");
  }

  /** Sessions with a settled poll of 30 s and a fast one of 5 s, telling nobody of changes. */
  static SdkAwsSessions open(
      MotoAws aws, List<ExecutionInterceptor> interceptors, ScheduledExecutorService scheduler) {
    return new SdkAwsSessions(
        new AwsClientSettings(
            aws.endpoint().toString(), Duration.ofSeconds(30), Duration.ofSeconds(5)),
        new OperatorMetrics(),
        interceptors,
        scheduler,
        changed -> {});
  }
}
