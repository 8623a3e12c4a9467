package io.datapipeline.converter.s3;

import io.datapipeline.converter.load.SchemaProvider;
import io.datapipeline.converter.schema.Schema;
import io.datapipeline.converter.schema.SchemaException;
import io.datapipeline.converter.schema.SchemaLoader;
import java.net.URI;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The pipeline's schema, from SCHEMA_JSON or the object at SCHEMA_S3_URI (the operator uploads it
 * there: 200 columns do not fit Lambda's 4 KB environment). Read once per container: a schema
 * change deploys a new URI, hence a new function configuration and fresh containers.
 */
public final class SchemaSource implements SchemaProvider {
  private final String schemaJson;
  private final String schemaS3Uri;
  private final S3Client s3;
  private Schema schema;

  /** Exactly one of {@code schemaJson} and {@code schemaS3Uri} is set. */
  public SchemaSource(String schemaJson, String schemaS3Uri, S3Client s3) {
    this.schemaJson = schemaJson;
    this.schemaS3Uri = schemaS3Uri;
    this.s3 = s3;
  }

  @Override
  public synchronized Schema schema() {
    if (schema == null) {
      schema = schemaJson != null ? SchemaLoader.parse(schemaJson) : fromS3(schemaS3Uri);
    }
    return schema;
  }

  private Schema fromS3(String uri) {
    URI parsed = URI.create(uri);
    if (!"s3".equals(parsed.getScheme())
        || parsed.getHost() == null
        || parsed.getPath().length() < 2) {
      throw new SchemaException("SCHEMA_S3_URI '" + uri + "' is not of the form s3://bucket/key");
    }
    String json =
        s3.getObjectAsBytes(b -> b.bucket(parsed.getHost()).key(parsed.getPath().substring(1)))
            .asUtf8String();
    try {
      return SchemaLoader.parse(json);
    } catch (SchemaException e) {
      throw new SchemaException(uri + ": " + e.getMessage(), e);
    }
  }
}
