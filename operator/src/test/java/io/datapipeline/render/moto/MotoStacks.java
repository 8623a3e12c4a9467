package io.datapipeline.render.moto;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.Capability;
import software.amazon.awssdk.services.cloudformation.model.Output;
import software.amazon.awssdk.services.cloudformation.model.Parameter;
import software.amazon.awssdk.services.cloudformation.model.Stack;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.cloudformation.model.Tag;

/** Creates stacks in moto through the AWS SDK and waits for them to settle. */
final class MotoStacks {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final CloudFormationClient cloudFormation;

  MotoStacks(CloudFormationClient cloudFormation) {
    this.cloudFormation = cloudFormation;
  }

  /** Creates a stack and returns it once it is no longer in progress. */
  Stack create(
      String name,
      String templateBody,
      Map<String, String> parameters,
      Map<String, String> tags,
      Collection<String> capabilities) {
    cloudFormation.createStack(
        b ->
            b.stackName(name)
                .templateBody(templateBody)
                .parameters(
                    parameters.entrySet().stream()
                        .map(
                            p ->
                                Parameter.builder()
                                    .parameterKey(p.getKey())
                                    .parameterValue(p.getValue())
                                    .build())
                        .toList())
                .tags(
                    tags.entrySet().stream()
                        .map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build())
                        .toList())
                .capabilities(capabilities.stream().map(Capability::fromValue).toList()));
    Instant deadline = Instant.now().plus(TIMEOUT);
    while (true) {
      Stack stack = cloudFormation.describeStacks(b -> b.stackName(name)).stacks().get(0);
      if (!stack.stackStatusAsString().endsWith("_IN_PROGRESS")) {
        assertThat(stack.stackStatus())
            .as("%s: %s", name, stack.stackStatusReason())
            .isEqualTo(StackStatus.CREATE_COMPLETE);
        return stack;
      }
      assertThat(Instant.now()).as("%s still in progress", name).isBefore(deadline);
      sleep();
    }
  }

  static Map<String, String> outputs(Stack stack) {
    Map<String, String> outputs = new TreeMap<>();
    List<Output> list = stack.outputs();
    list.forEach(o -> outputs.put(o.outputKey(), o.outputValue()));
    return outputs;
  }

  private static void sleep() {
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
