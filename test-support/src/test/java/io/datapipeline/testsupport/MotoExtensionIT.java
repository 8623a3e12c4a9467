package io.datapipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.testsupport.MotoExtension.MotoAws;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(MotoExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MotoExtensionIT {

  @Test
  @Order(1)
  void clientsReachTheSharedServer(MotoAws aws) {
    S3Client s3 = aws.client(S3Client.builder().forcePathStyle(true));
    s3.createBucket(b -> b.bucket("left-by-first-test"));

    assertThat(s3.listBuckets().buckets()).extracting(b -> b.name()).contains("left-by-first-test");
    assertThat(aws.endpoint().getHost()).isEqualTo("127.0.0.1");
  }

  @Test
  @Order(2)
  void eachTestStartsFromAnEmptyAccount(MotoAws aws) {
    S3Client s3 = aws.client(S3Client.builder().forcePathStyle(true));

    assertThat(s3.listBuckets().buckets()).isEmpty();
  }
}
