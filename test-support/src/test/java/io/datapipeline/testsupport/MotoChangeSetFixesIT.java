package io.datapipeline.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import io.datapipeline.testsupport.MotoExtension.MotoAws;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.ChangeSetType;
import software.amazon.awssdk.services.cloudformation.model.Stack;

/**
 * The change-set fixes {@code moto/sitecustomize.py} loads into every moto_server we start, checked
 * against moto itself: what the operator does through change sets must end as it would in AWS.
 */
@ExtendWith(MotoExtension.class)
class MotoChangeSetFixesIT {

  private static final String STACK = "dp-fixes-recreated-storage";

  /** The operator names change sets after generation and template hash: the same name again. */
  private static final String CHANGE_SET = "dp-1-0123abcd";

  private static String template(String value) {
    return """
        {"Resources":{"P":{"Type":"AWS::SSM::Parameter","Properties":{
          "Name":"/fixes/%s","Type":"String","Value":"%s"}}},
         "Outputs":{"Value":{"Value":"%s"}}}
        """
        .formatted(value, value, value);
  }

  private static void createThroughChangeSet(CloudFormationClient cfn, String value) {
    cfn.createChangeSet(
        r ->
            r.stackName(STACK)
                .changeSetName(CHANGE_SET)
                .changeSetType(ChangeSetType.CREATE)
                .templateBody(template(value)));
    cfn.executeChangeSet(r -> r.stackName(STACK).changeSetName(CHANGE_SET));
  }

  private static Stack stack(CloudFormationClient cfn) {
    return cfn.describeStacks(r -> r.stackName(STACK)).stacks().get(0);
  }

  @Test
  void aStackDeletedAndCreatedAgainUnderItsNameRunsItsOwnChangeSet(MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    createThroughChangeSet(cfn, "first");
    String firstId = stack(cfn).stackId();
    cfn.deleteStack(r -> r.stackName(STACK));

    createThroughChangeSet(cfn, "second");

    Stack second = stack(cfn);
    assertThat(second.stackId()).isNotEqualTo(firstId);
    assertThat(second.stackStatusAsString())
        .as("the new stack's change set executed, not the deleted stack's of the same name")
        .isEqualTo("CREATE_COMPLETE");
    assertThat(second.outputs()).extracting(o -> o.outputValue()).containsExactly("second");
    assertThat(cfn.describeChangeSet(r -> r.stackName(STACK).changeSetName(CHANGE_SET)).stackId())
        .isEqualTo(second.stackId());
  }

  @Test
  void deletingAStackDeletesItsChangeSets(MotoAws aws) {
    CloudFormationClient cfn = aws.client(CloudFormationClient.builder());
    createThroughChangeSet(cfn, "only");

    cfn.deleteStack(r -> r.stackName(STACK));

    assertThat(cfn.listChangeSets(r -> r.stackName(STACK)).summaries())
        .as("AWS deletes a stack's change sets with it")
        .isEmpty();
  }
}
