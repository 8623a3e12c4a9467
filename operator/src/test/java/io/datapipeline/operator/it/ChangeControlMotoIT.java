package io.datapipeline.operator.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.operator.aws.SdkCloudFormationApi;
import io.datapipeline.operator.cloudformation.ChangeSetRequest;
import io.datapipeline.operator.cloudformation.ChangeSetView;
import io.datapipeline.operator.cloudformation.ResourceChange;
import io.datapipeline.operator.deploy.DataResources;
import io.datapipeline.operator.deploy.StackPolicies;
import io.datapipeline.testsupport.MotoExtension;
import io.datapipeline.testsupport.MotoExtension.MotoAws;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;

/**
 * The change-control calls through the real SDK adapter against moto_server, as far as moto models
 * them: a change set's resource changes (moto reports Add/Modify/Remove but no Replacement, so
 * replacement previews are tested with the fake) and SetStackPolicy (stored; moto does not enforce
 * stack policies, the fake does).
 */
@ExtendWith(MotoExtension.class)
class ChangeControlMotoIT {

  private static final String WITH_BUCKET =
      "{\"Resources\":{\"Bucket\":{\"Type\":\"AWS::S3::Bucket\"},"
          + "\"Queue\":{\"Type\":\"AWS::SQS::Queue\"}}}";
  private static final String WITHOUT_BUCKET =
      "{\"Resources\":{\"Queue\":{\"Type\":\"AWS::SQS::Queue\"}}}";

  private static ChangeSetRequest request(String name, boolean create, String template) {
    return new ChangeSetRequest(
        "cc-stack", name, create, template, null, Map.of(), Map.of(), Set.of(), null);
  }

  @Test
  void removalOfABucketIsPreviewedAndTheGuardPolicyIsStored(MotoAws aws) {
    CloudFormationClient client = aws.client(CloudFormationClient.builder());
    SdkCloudFormationApi api = new SdkCloudFormationApi(client, () -> {});
    api.createChangeSet(request("dp-1-create", true, WITH_BUCKET));
    api.executeChangeSet("cc-stack", "dp-1-create");
    assertThat(api.describeStack("cc-stack").orElseThrow().status()).isEqualTo("CREATE_COMPLETE");

    api.createChangeSet(request("dp-2-update", false, WITHOUT_BUCKET));
    ChangeSetView cs = api.describeChangeSet("cc-stack", "dp-2-update").orElseThrow();

    assertThat(cs.executable()).isTrue();
    assertThat(cs.resourceChanges())
        .contains(new ResourceChange("Bucket", "AWS::S3::Bucket", "Remove", null));
    assertThat(DataResources.destructive(cs.resourceChanges()))
        .extracting(ResourceChange::logicalId)
        .containsExactly("Bucket");

    String guard = StackPolicies.guard(WITH_BUCKET).orElseThrow();
    api.setStackPolicy("cc-stack", guard);
    assertThat(client.getStackPolicy(r -> r.stackName("cc-stack")).stackPolicyBody())
        .isEqualTo(guard);
  }
}
