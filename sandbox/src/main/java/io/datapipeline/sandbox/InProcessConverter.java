package io.datapipeline.sandbox;

import io.datapipeline.converter.ConverterHandler;
import io.datapipeline.converter.aws.ConverterConfig;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The converter's Lambda handler run in this JVM: configured from the function's environment as the
 * Lambda runtime would configure it (with the sandbox's database substitutions already in that
 * environment), with SDK clients pointed at moto, and the event deserialized as the Lambda Java
 * runtime deserializes an {@code S3Event}. One handler per distinct environment, kept like a warm
 * Lambda container.
 */
final class InProcessConverter implements ConverterInvoker {

  private final AwsClients aws;
  private final Map<Map<String, String>, ConverterHandler> warm = new ConcurrentHashMap<>();

  InProcessConverter(AwsClients aws) {
    this.aws = aws;
  }

  @Override
  public String invoke(String region, Map<String, String> environment, String eventJson) {
    ConverterHandler handler =
        warm.computeIfAbsent(
            Map.copyOf(environment),
            env ->
                new ConverterHandler(
                    ConverterConfig.fromEnvironment(env),
                    aws.s3(region),
                    aws.dynamoDb(region),
                    aws.secretsManager(region),
                    aws.sqs(region),
                    null));
    return handler.handle(ConverterInvoker.deserialize(eventJson)).toString();
  }
}
