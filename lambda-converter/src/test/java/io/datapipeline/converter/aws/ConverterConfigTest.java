package io.datapipeline.converter.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The environment of docs/contracts.md, read with the declared defaults. */
class ConverterConfigTest {

  @Test
  void readsTheContractEnvironmentWithDefaults() {
    ConverterConfig config =
        ConverterConfig.fromEnvironment(
            Map.of(
                "SCHEMA_S3_URI",
                "s3://artifacts/schemas/a/b/1.json",
                "DB_HOST",
                "db",
                "DB_TABLE",
                "orders",
                "DB_SECRET_ARN",
                "arn:secret"));
    assertThat(config.parquetPrefix()).isEqualTo("parquet/");
    assertThat(config.jsonPrefix()).isEqualTo("json/");
    assertThat(config.rejectedPrefix()).isEqualTo("rejected/");
    assertThat(config.jdbcUrl())
        .isEqualTo(
            "jdbc:postgresql://db:5432/datapipeline?sslmode=verify-full"
                + "&sslrootcert=%2Fopt%2Fdatapipeline%2Frds-ca%2Fglobal-bundle.pem");
    assertThat(config.dynamoDbTable()).isNull();
    assertThat(config.failureQueueUrl()).isNull();
    assertThat(config.dynamoDbMaxConcurrency()).isEqualTo(32);
  }

  @Test
  void theDynamoDbConcurrencyCeilingIsAWholeNumberFromOneTo256() {
    String schema = "s3://artifacts/schemas/a/b/1.json";
    assertThat(
            ConverterConfig.fromEnvironment(
                    Map.of("SCHEMA_S3_URI", schema, "DYNAMODB_MAX_CONCURRENCY", " 8 "))
                .dynamoDbMaxConcurrency())
        .isEqualTo(8);
    assertThatThrownBy(
            () ->
                ConverterConfig.fromEnvironment(
                    Map.of("SCHEMA_S3_URI", schema, "DYNAMODB_MAX_CONCURRENCY", "0")))
        .hasMessage("DYNAMODB_MAX_CONCURRENCY must be 1 to 256, not 0");
    assertThatThrownBy(
            () ->
                ConverterConfig.fromEnvironment(
                    Map.of("SCHEMA_S3_URI", schema, "DYNAMODB_MAX_CONCURRENCY", "many")))
        .hasMessage("DYNAMODB_MAX_CONCURRENCY must be a whole number, not 'many'");
  }

  private static Map<String, String> database(String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("SCHEMA_JSON", "{}");
    env.put("DB_HOST", "db");
    env.put("DB_TABLE", "orders");
    env.put("DB_SECRET_ARN", "arn:secret");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void theSandboxsExplicitDisableHasNoCertificateInTheUrl() {
    assertThat(ConverterConfig.fromEnvironment(database("DB_SSL_MODE", "disable")).jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/datapipeline?sslmode=disable");
  }

  @Test
  void refusesATlsModeItDoesNotKnowNamingTheSetting() {
    assertThatThrownBy(() -> ConverterConfig.fromEnvironment(database("DB_SSL_MODE", "prefer")))
        .hasMessage("DB_SSL_MODE must be one of [verify-full, require, disable], not 'prefer'");
  }

  @Test
  void refusesToStartWithoutTheCaBundleThatVerifyFullNeeds(
      @org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
    ConverterConfig missing =
        ConverterConfig.fromEnvironment(
            database("DB_SSL_ROOT_CERT", dir.resolve("absent.pem").toString()));
    assertThatThrownBy(missing::checkTrustStore)
        .hasMessageStartingWith(
            "DB_SSL_ROOT_CERT '" + dir.resolve("absent.pem") + "' is not a readable file")
        .hasMessageContaining("DB_SSL_MODE=verify-full");

    Path bundle = Files.writeString(dir.resolve("bundle.pem"), "-----BEGIN CERTIFICATE-----\n");
    ConverterConfig present =
        ConverterConfig.fromEnvironment(database("DB_SSL_ROOT_CERT", bundle.toString()));
    present.checkTrustStore();
    assertThat(present.jdbcUrl())
        .contains("sslrootcert=" + URLEncoder.encode(bundle.toString(), StandardCharsets.UTF_8));
  }

  @Test
  void refusesTheAuditTablesNameAndInvalidNamesAsTheDataTableAtStart() {
    assertThatThrownBy(
            () -> ConverterConfig.fromEnvironment(database("DB_TABLE", "pipeline_loads")))
        .hasMessage(
            "DB_TABLE 'pipeline_loads' is the converter's audit table: choose another table name");
    assertThatThrownBy(() -> ConverterConfig.fromEnvironment(database("DB_TABLE", "Orders; drop")))
        .hasMessageStartingWith("DB_TABLE 'Orders; drop' must be 1 to 63 lower case letters");
  }

  @Test
  void readsTheFailureQueue() {
    assertThat(
            ConverterConfig.fromEnvironment(
                    database("FAILURE_QUEUE_URL", "https://sqs.eu-west-1.amazonaws.com/1/q"))
                .failureQueueUrl())
        .isEqualTo("https://sqs.eu-west-1.amazonaws.com/1/q");
  }
}
