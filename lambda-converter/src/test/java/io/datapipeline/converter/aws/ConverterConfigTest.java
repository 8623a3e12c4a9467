package io.datapipeline.converter.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        .isEqualTo("jdbc:postgresql://db:5432/datapipeline?sslmode=require");
    assertThat(config.dynamoDbTable()).isNull();
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
}
