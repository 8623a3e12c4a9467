package io.datapipeline.converter.load;

/**
 * A retry of a version whose content already failed: the load fails again without reading the file
 * or writing a second audit row (Lambda's retries then end in the failure queue at once).
 */
public final class PermanentFailureException extends Exception {
  public PermanentFailureException(String message) {
    super(message);
  }
}
