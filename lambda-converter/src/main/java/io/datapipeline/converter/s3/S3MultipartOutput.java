package io.datapipeline.converter.s3;

import io.datapipeline.converter.sink.Output;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Streams bytes to S3 in parts: memory is one part (8 MiB) whatever the object size. Nothing is
 * visible until {@link #close()} completes the upload (or puts a small object in one request);
 * {@link #abort()} aborts the multipart upload so no parts linger (billed) in the bucket.
 */
public final class S3MultipartOutput extends Output {

  public static final int DEFAULT_PART_BYTES = 8 * 1024 * 1024;

  private final S3Client s3;
  private final String bucket;
  private final String key;
  private final String contentType;
  private final byte[] part;
  private int filled;
  private String uploadId;
  private final List<CompletedPart> parts = new ArrayList<>();
  private boolean done;

  public S3MultipartOutput(S3Client s3, String bucket, String key, String contentType) {
    this(s3, bucket, key, contentType, DEFAULT_PART_BYTES);
  }

  public S3MultipartOutput(
      S3Client s3, String bucket, String key, String contentType, int partBytes) {
    if (partBytes < 5 * 1024 * 1024) {
      throw new IllegalArgumentException("S3 parts are at least 5 MiB");
    }
    this.s3 = s3;
    this.bucket = bucket;
    this.key = key;
    this.contentType = contentType;
    this.part = new byte[partBytes];
  }

  @Override
  public String location() {
    return "s3://" + bucket + "/" + key;
  }

  @Override
  public void write(int b) throws IOException {
    if (filled == part.length) {
      uploadPart();
    }
    part[filled++] = (byte) b;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (filled == part.length) {
        uploadPart();
      }
      int n = Math.min(length, part.length - filled);
      System.arraycopy(bytes, offset, part, filled, n);
      filled += n;
      offset += n;
      length -= n;
    }
  }

  private void uploadPart() throws IOException {
    try {
      if (uploadId == null) {
        uploadId =
            s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType(contentType))
                .uploadId();
      }
      int number = parts.size() + 1;
      String etag =
          s3.uploadPart(
                  b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(number),
                  RequestBody.fromBytes(Arrays.copyOf(part, filled)))
              .eTag();
      parts.add(CompletedPart.builder().partNumber(number).eTag(etag).build());
      filled = 0;
    } catch (RuntimeException e) {
      throw new IOException("uploading part of " + location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() throws IOException {
    if (done) {
      return;
    }
    done = true;
    try {
      if (uploadId == null) {
        s3.putObject(
            b -> b.bucket(bucket).key(key).contentType(contentType),
            RequestBody.fromBytes(Arrays.copyOf(part, filled)));
        return;
      }
      if (filled > 0) {
        done = false;
        uploadPart();
        done = true;
      }
      s3.completeMultipartUpload(
          b -> b.bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    } catch (RuntimeException e) {
      abort();
      throw new IOException("completing " + location() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void abort() {
    done = true;
    if (uploadId != null) {
      try {
        s3.abortMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId));
      } catch (RuntimeException ignored) {
        // the bucket's lifecycle rule for incomplete uploads is the backstop
      }
      uploadId = null;
    }
  }
}
