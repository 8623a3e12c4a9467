package io.datapipeline.converter.sink;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A byte destination that is published only by {@link #close()}: a local file renamed into place,
 * or an S3 multipart upload completed. {@link #abort()} discards everything written.
 */
public abstract class Output extends OutputStream {

  /** Where the output goes, for messages ({@code s3://bucket/key} or a path). */
  public abstract String location();

  /** Discards what was written; the destination is left as it was. Never throws. */
  public abstract void abort();

  /** Publishes the output. */
  @Override
  public abstract void close() throws IOException;

  /** Opens an {@link Output} on demand (rejects are opened only when a row is rejected). */
  @FunctionalInterface
  public interface Opener {
    Output open() throws IOException;
  }
}
