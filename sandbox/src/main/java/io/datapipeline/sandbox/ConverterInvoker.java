package io.datapipeline.sandbox;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import java.util.Map;

/**
 * Stands in for the Lambda service: runs the converter for one S3 event, in process.
 *
 * <p>The sandbox's own seam, so the watcher is tested without the converter and the converter's
 * in-process constructor is wired in one place ({@link InProcessConverter}).
 */
interface ConverterInvoker {

  /**
   * Runs the converter as Lambda would for this function.
   *
   * @param region the function's region
   * @param environment the function's environment, with the sandbox's substitutions applied
   * @param eventJson the S3 notification exactly as S3 sends it
   * @return the handler's report
   * @throws Exception when the invocation failed (Lambda would retry, then send it to the
   *     on-failure destination)
   */
  String invoke(String region, Map<String, String> environment, String eventJson) throws Exception;

  /** Deserializes an event as the Lambda Java runtime does for an {@code S3Event} handler. */
  static S3Event deserialize(String eventJson) {
    return LambdaEventSerializers.serializerFor(S3Event.class, S3Event.class.getClassLoader())
        .fromJson(eventJson);
  }
}
