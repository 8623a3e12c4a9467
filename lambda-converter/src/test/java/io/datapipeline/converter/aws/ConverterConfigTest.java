package io.datapipeline.converter.aws;

import static org.assertj.core.api.Assertions.assertThat;

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
  }
}
