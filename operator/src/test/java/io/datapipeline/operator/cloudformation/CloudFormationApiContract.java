package io.datapipeline.operator.cloudformation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.Set;
import org.assertj.core.groups.Tuple;
import org.junit.jupiter.api.Test;

/**
 * What every {@link CloudFormationApi} does, as the operator relies on it. Run against the
 * in-memory fake (FakeCloudFormationContractTest) and against the SDK implementation on moto
 * (SdkCloudFormationApiContractIT), so the fake cannot drift from the real API. Only behaviour moto
 * reproduces is asserted here; what it cannot (in-progress states, rollbacks) the fake's own
 * scripting covers.
 */
public abstract class CloudFormationApiContract {

  /** The implementation under test, fresh (no stacks) for each test. */
  protected abstract CloudFormationApi api();

  /** Lets pending operations finish (the fake waits for this; moto finishes at once). */
  protected abstract void settle();

  private static final String STACK = "contract-stack";

  private static String template(String queueName) {
    return """
        {"Parameters":{"Label":{"Type":"String"}},
         "Resources":{"Queue":{"Type":"AWS::SQS::Queue","Properties":{"QueueName":"%s"}}},
         "Outputs":{"Label":{"Value":{"Ref":"Label"}}}}
        """
        .formatted(queueName);
  }

  private static ChangeSetRequest request(String changeSet, boolean create, String label) {
    return new ChangeSetRequest(
        STACK,
        changeSet,
        create,
        template("contract-queue"),
        null,
        Map.of("Label", label),
        Map.of("datapipeline.io/uid", "uid-1"),
        Set.of(),
        null);
  }

  /** Creates the stack through a CREATE change set and waits until it is complete. */
  private void createStack(String label) {
    api().createChangeSet(request("dp-1-create", true, label));
    settle();
    api().executeChangeSet(STACK, "dp-1-create");
    settle();
  }

  @Test
  void anAbsentStackIsEmptyNotAnError() {
    assertThat(api().describeStack("contract-absent")).isEmpty();
    assertThat(api().describeStacks()).noneMatch(s -> s.name().equals("contract-absent"));
    assertThat(api().describeChangeSet("contract-absent", "dp-1-x")).isEmpty();
  }

  @Test
  void aCreateChangeSetPutsANewStackInReviewUntilExecuted() {
    api().createChangeSet(request("dp-1-create", true, "one"));
    settle();

    assertThat(api().describeStack(STACK))
        .get()
        .extracting(StackView::status)
        .isEqualTo(StackStates.REVIEW_IN_PROGRESS);
    ChangeSetView changeSet = api().describeChangeSet(STACK, "dp-1-create").orElseThrow();
    assertThat(changeSet.name()).isEqualTo("dp-1-create");
    assertThat(changeSet.executable()).as("status %s", changeSet).isTrue();
    assertThat(api().describeChangeSet(STACK, "dp-1-other")).isEmpty();
  }

  @Test
  void executingCreatesTheStackWithItsOutputsAndTags() {
    createStack("one");

    StackView stack = api().describeStack(STACK).orElseThrow();
    assertThat(stack.status()).isEqualTo("CREATE_COMPLETE");
    assertThat(stack.id()).isNotBlank();
    assertThat(stack.outputs()).containsEntry("Label", "one");
    assertThat(stack.tags()).containsEntry("datapipeline.io/uid", "uid-1");
    assertThat(api().describeStacks()).extracting(StackView::name).contains(STACK);
    assertThat(api().describeStackEvents(STACK)).isNotEmpty();
  }

  @Test
  void anExecutedUpdateChangeSetAppliesTheNewParameters() {
    createStack("one");

    api().createChangeSet(request("dp-2-update", false, "two"));
    settle();
    assertThat(api().describeChangeSet(STACK, "dp-2-update").orElseThrow().executable()).isTrue();
    api().executeChangeSet(STACK, "dp-2-update");
    settle();

    StackView stack = api().describeStack(STACK).orElseThrow();
    assertThat(stack.status()).isEqualTo("UPDATE_COMPLETE");
    assertThat(stack.outputs()).containsEntry("Label", "two");
  }

  @Test
  void anUpdateChangeSetPreviewsItsResourceChanges() {
    createStack("one");
    String bucketInsteadOfQueue =
        """
        {"Parameters":{"Label":{"Type":"String"}},
         "Resources":{"Bucket":{"Type":"AWS::S3::Bucket"}},
         "Outputs":{"Label":{"Value":{"Ref":"Label"}}}}
        """;

    api()
        .createChangeSet(
            new ChangeSetRequest(
                STACK,
                "dp-2-swap",
                false,
                bucketInsteadOfQueue,
                null,
                Map.of("Label", "one"),
                Map.of("datapipeline.io/uid", "uid-1"),
                Set.of(),
                null));
    settle();

    ChangeSetView cs = api().describeChangeSet(STACK, "dp-2-swap").orElseThrow();
    assertThat(cs.resourceChanges())
        .extracting(ResourceChange::logicalId, ResourceChange::resourceType, ResourceChange::action)
        .contains(
            Tuple.tuple("Queue", "AWS::SQS::Queue", "Remove"),
            Tuple.tuple("Bucket", "AWS::S3::Bucket", "Add"));
    assertThat(cs.changes()).isEqualTo(cs.resourceChanges().size());
  }

  @Test
  void getTemplateReturnsTheDeployedTemplateAndNothingForAnAbsentStack() throws Exception {
    createStack("one");

    String deployed = api().getTemplate(STACK).orElseThrow();

    var mapper = new ObjectMapper();
    assertThat(mapper.readTree(deployed)).isEqualTo(mapper.readTree(template("contract-queue")));
    assertThat(api().getTemplate("contract-absent")).isEmpty();
  }

  @Test
  void aStackPolicySetOnAStackIsReadBack() {
    createStack("one");
    assertThat(api().getStackPolicy(STACK)).isEmpty();
    String policy =
        "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"Update:*\","
            + "\"Principal\":\"*\",\"Resource\":\"*\"}]}";

    api().setStackPolicy(STACK, policy);

    assertThat(api().getStackPolicy(STACK)).hasValue(policy);
    assertThat(api().describeStack(STACK).orElseThrow().status()).isEqualTo("CREATE_COMPLETE");
  }

  @Test
  void aDeletedChangeSetIsGone() {
    createStack("one");
    api().createChangeSet(request("dp-2-update", false, "two"));
    settle();

    api().deleteChangeSet(STACK, "dp-2-update");

    assertThat(api().describeChangeSet(STACK, "dp-2-update")).isEmpty();
    assertThat(api().describeStack(STACK).orElseThrow().outputs()).containsEntry("Label", "one");
  }

  @Test
  void aDeletedStackIsNoLongerDescribed() {
    createStack("one");

    api().deleteStack(STACK, Set.of(), null);
    settle();

    assertThat(api().describeStack(STACK)).isEmpty();
    assertThat(api().describeStacks()).noneMatch(s -> s.name().equals(STACK));
  }

  @Test
  void deletingAnAbsentStackIsNotAnError() {
    api().deleteStack("contract-absent", Set.of(), null);

    assertThat(api().describeStack("contract-absent")).isEmpty();
  }

  @Test
  void callsOnAnAbsentStackFailTerminally() {
    assertThatThrownBy(() -> api().describeStackEvents("contract-absent"))
        .isInstanceOfSatisfying(
            CloudFormationException.class,
            e -> assertThat(e.kind()).isEqualTo(CloudFormationException.Kind.TERMINAL));
    assertThatThrownBy(() -> api().createChangeSet(request("dp-1-update", false, "one")))
        .as("an UPDATE change set needs the stack")
        .isInstanceOfSatisfying(
            CloudFormationException.class,
            e -> assertThat(e.kind()).isEqualTo(CloudFormationException.Kind.TERMINAL));
  }
}
