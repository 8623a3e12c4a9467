package io.datapipeline.operator.cloudformation;

import io.datapipeline.operator.aws.SdkCloudFormationApi;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/** The SDK implementation keeps the contract on moto_server (reset before each test). */
@ExtendWith(MotoExtension.class)
class SdkCloudFormationApiContractIT extends CloudFormationApiContract {

  private CloudFormationClient client;
  private SdkCloudFormationApi api;

  @BeforeEach
  void connect(MotoAws aws) {
    client = aws.client(CloudFormationClient.builder());
    api = new SdkCloudFormationApi(client, () -> {});
  }

  @AfterEach
  void close() {
    client.close();
  }

  @Override
  protected CloudFormationApi api() {
    return api;
  }

  @Override
  protected void settle() {
    // moto completes every operation within the call.
  }
}
