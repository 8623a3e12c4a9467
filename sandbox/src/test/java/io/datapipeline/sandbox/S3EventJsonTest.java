package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.S3Event;
import com.amazonaws.services.lambda.runtime.events.models.s3.S3EventNotification.S3EventNotificationRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class S3EventJsonTest {

  private static final S3EventJson.NewObject UPLOAD =
      new S3EventJson.NewObject(
          "eu-west-1",
          "dp-sandbox-weather-f36ddb3132",
          "incoming/daily weather+2015.csv",
          48219,
          "\"6f1e3c0cbd7aebc4ed0b34b1aab9a0f3\"",
          "a0ed4d00f823a74a73798d4520e26874",
          Instant.parse("2026-11-29T20:24:17Z"));

  @Test
  void deserializesAsTheLambdaJavaRuntimeDoesWithEveryFieldTheConverterReads() {
    S3Event event =
        ConverterInvoker.deserialize(S3EventJson.objectCreated(UPLOAD, "datapipeline-converter"));

    assertThat(event.getRecords()).hasSize(1);
    S3EventNotificationRecord record = event.getRecords().get(0);
    assertThat(record.getEventName()).isEqualTo("ObjectCreated:Put");
    assertThat(record.getEventSource()).isEqualTo("aws:s3");
    assertThat(record.getAwsRegion()).isEqualTo("eu-west-1");
    assertThat(record.getEventTime().getMillis())
        .isEqualTo(Instant.parse("2026-11-29T20:24:17Z").toEpochMilli());
    assertThat(record.getS3().getBucket().getName()).isEqualTo("dp-sandbox-weather-f36ddb3132");
    assertThat(record.getS3().getBucket().getArn())
        .isEqualTo("arn:aws:s3:::dp-sandbox-weather-f36ddb3132");
    assertThat(record.getS3().getObject().getKey()).isEqualTo("incoming/daily+weather%2B2015.csv");
    assertThat(record.getS3().getObject().getUrlDecodedKey())
        .isEqualTo("incoming/daily weather+2015.csv");
    assertThat(record.getS3().getObject().getSizeAsLong()).isEqualTo(48219L);
    assertThat(record.getS3().getObject().geteTag()).isEqualTo("6f1e3c0cbd7aebc4ed0b34b1aab9a0f3");
    assertThat(record.getS3().getObject().getVersionId())
        .isEqualTo("a0ed4d00f823a74a73798d4520e26874");
  }

  @Test
  void leavesVersionIdOutForAnUnversionedBucketAsS3Does() {
    String json =
        S3EventJson.objectCreated(
            new S3EventJson.NewObject(
                "us-east-1", "b", "incoming/a.csv", 1, null, null, Instant.EPOCH),
            "c");
    assertThat(json).doesNotContain("versionId").doesNotContain("eTag");
  }
}
