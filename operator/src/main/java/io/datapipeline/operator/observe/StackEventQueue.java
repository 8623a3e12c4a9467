package io.datapipeline.operator.observe;

import java.util.List;

/**
 * The account/region's queue of CloudFormation stack events (the bootstrap stack's EventBridge rule
 * feeds it). Failures (queue absent, access denied, network) are thrown: the caller falls back to
 * sweeping.
 */
public interface StackEventQueue {

  /** One message as received: its body (the EventBridge event JSON) and what deletes it. */
  record Message(String receiptHandle, String body) {}

  /** One long poll: waits up to 20 s for messages, returns what arrived (possibly none). */
  List<Message> receive();

  /** Deletes messages already acted on. */
  void delete(List<Message> messages);
}
