package io.datapipeline.grafana;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.serialization.events.LambdaEventSerializers;
import io.datapipeline.converter.ConversionFailedException;
import io.datapipeline.converter.ConverterHandler;
import io.datapipeline.converter.aws.ConverterConfig;
import io.datapipeline.converter.postgres.ConnectionSource;
import io.datapipeline.testsupport.ConverterEnvironment;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import io.datapipeline.testsupport.MotoResources;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Has the real converter create and fill the PostgreSQL tables the dashboards query: its Lambda
 * handler, in process, on the S3 events of real CSV files uploaded to moto, loading the given
 * PostgreSQL. It also creates the read-only role `grafana_reader` from the reader secret, as in
 * production.
 */
final class ConverterLoad {

  static final String BUCKET = "dp-team-a-airports";
  static final String DATA_TABLE = "airports";
  static final String PIPELINE = "team-a/airports";
  static final String READER_PASSWORD = "reader-'s3cret";

  /**
   * What was uploaded and what the dataset says should come of it (known without the converter).
   */
  record Uploads(List<String> loadedKeys, List<String> failedKeys, long dataRows) {}

  private ConverterLoad() {}

  /**
   * Uploads airports.csv in three parts (its 12 airports without a state are rejected rows) and
   * then github.csv, whose header does not match the schema, each followed by its S3 event.
   */
  static Uploads run(MotoAws aws, ConnectionSource database) {
    S3Client s3 = aws.configure(S3Client.builder()).forcePathStyle(true).build();
    DynamoDbClient dynamo = aws.client(DynamoDbClient.builder());
    SecretsManagerClient secrets = aws.client(SecretsManagerClient.builder());
    MotoResources.bucket(s3, BUCKET);
    MotoResources.onDemandTable(dynamo, DATA_TABLE, "iata", ScalarAttributeType.S);
    String readerSecretArn =
        secrets
            .createSecret(
                b ->
                    b.name("dp/team-a/airports/reader")
                        .secretString(
                            "{\"username\": \"grafana_reader\", \"password\": \""
                                + READER_PASSWORD
                                + "\"}"))
            .arn();
    Map<String, String> env =
        ConverterEnvironment.givenDatabase(resource("/datasets/airports.schema.json"), DATA_TABLE);
    env.put("PIPELINE", PIPELINE);
    env.put("DYNAMODB_TABLE", DATA_TABLE);
    env.put("DB_READER_SECRET_ARN", readerSecretArn);
    ConverterConfig config = ConverterConfig.fromEnvironment(env);
    ConverterHandler handler = new ConverterHandler(config, s3, dynamo, secrets, null, database);

    String[] lines = resource("/datasets/airports.csv").split("\n");
    String header = lines[0];
    List<String> loaded = new ArrayList<>();
    int parts = 3;
    int perPart = (lines.length - 1 + parts - 1) / parts;
    for (int part = 0; part < parts; part++) {
      StringBuilder body = new StringBuilder(header).append('\n');
      for (int i = 1 + part * perPart; i < Math.min(lines.length, 1 + (part + 1) * perPart); i++) {
        body.append(lines[i]).append('\n');
      }
      String key = "incoming/airports-part-" + (part + 1) + ".csv";
      handler.handle(upload(s3, key, body.toString()));
      loaded.add(key);
    }
    String wrongFile = "incoming/github.csv";
    try {
      handler.handle(upload(s3, wrongFile, resource("/datasets/github.csv")));
      throw new AssertionError(wrongFile + " does not match the schema and must fail its load");
    } catch (ConversionFailedException expected) {
      // Lambda retries it and then parks it in the failure queue; the audit table records it.
    }
    return new Uploads(List.copyOf(loaded), List.of(wrongFile), lines.length - 1);
  }

  /** Uploads {@code body} and returns the event S3 sends for it, deserialized as Lambda does. */
  private static S3Event upload(S3Client s3, String key, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    String etag = s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(bytes)).eTag();
    String json =
        resource("/events/s3-object-created.json")
            .replace("${bucket}", BUCKET)
            .replace("${key}", key)
            .replace("${size}", String.valueOf(bytes.length))
            .replace("${etag}", etag.replace("\"", ""));
    return LambdaEventSerializers.serializerFor(S3Event.class, ConverterLoad.class.getClassLoader())
        .fromJson(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private static String resource(String name) {
    try (InputStream in = ConverterLoad.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("missing test resource " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
