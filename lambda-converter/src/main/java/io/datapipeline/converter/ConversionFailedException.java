package io.datapipeline.converter;

import java.util.List;

/**
 * One or more objects of an event could not be loaded; the message names each with its reason.
 * Thrown out of the handler so the invocation fails and Lambda retries / routes the event to the
 * on-failure destination.
 */
public final class ConversionFailedException extends RuntimeException {
  private final transient List<HandlerReport.ObjectReport> succeeded;

  public ConversionFailedException(
      String message, Throwable firstCause, List<HandlerReport.ObjectReport> succeeded) {
    super(message, firstCause);
    this.succeeded = List.copyOf(succeeded);
  }

  /** The objects of the same event that did load. */
  public List<HandlerReport.ObjectReport> succeeded() {
    return succeeded;
  }
}
