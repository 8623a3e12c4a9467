package io.datapipeline.converter.load;

import java.io.IOException;

/**
 * The function is about to run out of time: the file is abandoned cleanly (every sink aborted,
 * audited {@code failed} with reason {@code timeout}) before Lambda kills the process mid-write.
 */
public final class LoadTimeoutException extends IOException {
  public LoadTimeoutException(String message) {
    super(message);
  }
}
