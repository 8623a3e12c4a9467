package io.datapipeline.sandbox;

import java.util.Map;

/**
 * The converter's Lambda handler run in this JVM, constructed as the Lambda runtime would construct
 * it from the function's environment, but with SDK clients pointed at moto.
 */
final class InProcessConverter implements ConverterInvoker {

  @Override
  public String invoke(String region, Map<String, String> environment, String eventJson) {
    throw new UnsupportedOperationException(
        "the converter's in-process handler is not in this build yet (lambda-converter)");
  }
}
