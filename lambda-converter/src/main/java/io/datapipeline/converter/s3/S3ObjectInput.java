package io.datapipeline.converter.s3;

import io.datapipeline.converter.load.InputOpener;
import io.datapipeline.converter.load.SourceFile;
import java.io.InputStream;
import software.amazon.awssdk.services.s3.S3Client;

/** The bytes of exactly the object version the event names. */
public record S3ObjectInput(S3Client s3, SourceFile source) implements InputOpener {

  @Override
  public InputStream open() {
    return s3.getObject(
        b -> {
          b.bucket(source.bucket()).key(source.key());
          if (source.versionId() != null) {
            b.versionId(source.versionId());
          }
        });
  }
}
