package io.datapipeline.converter.load;

import java.io.IOException;
import java.io.InputStream;

/** Opens a file's bytes (an S3 object version, a local file). */
@FunctionalInterface
public interface InputOpener {
  InputStream open() throws IOException;
}
