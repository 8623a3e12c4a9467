package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.api.v1alpha1.PipelineOutputs;
import io.datapipeline.operator.testing.GeneratedDocs;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The output contract and the templates agree: every output declared once, where it says. */
class StackOutputTest {

  @Test
  void eachStackDeclaresExactlyTheOutputsTheContractGivesIt() throws Exception {
    Set<Component> seen = EnumSet.noneOf(Component.class);
    for (String example : Examples.names()) {
      for (StackSpec stack : Examples.render(example).stacks()) {
        JsonNode template = CanonicalJson.mapper().readTree(stack.templateBody());
        Set<String> declared = new TreeSet<>();
        template.path("Outputs").fieldNames().forEachRemaining(declared::add);
        Set<String> contract =
            Arrays.stream(StackOutput.values())
                .filter(o -> o.component() == stack.component())
                .map(StackOutput::key)
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(declared).as("%s/%s outputs", example, stack.component()).isEqualTo(contract);
        seen.add(stack.component());
      }
    }
    assertThat(seen)
        .as("the examples render every component")
        .containsAll(EnumSet.allOf(Component.class));
  }

  @Test
  void contractsListEveryOutput() throws Exception {
    String table =
        GeneratedDocs.table(
            List.of("output key", "stack", "`status.outputs` field", "connection Secret key"),
            List.of(StackOutput.values()),
            o ->
                List.of(
                    "`" + o.key() + "`",
                    "`" + o.component().id() + "`",
                    o.published().map(p -> "`" + p.statusField() + "`").orElse("-"),
                    o.published().map(p -> "`" + p.secretKey() + "`").orElse("-")));
    GeneratedDocs.check("contracts.md", "stack outputs", table);
  }

  @Test
  void publishedOutputsMapOneToOneOntoStatusFieldsAndSecretKeys() {
    PipelineOutputs outputs = new PipelineOutputs();
    for (StackOutput output : StackOutput.publishedOutputs()) {
      StackOutput.Published published = output.published().orElseThrow();
      published.write().accept(outputs, "value of " + output.key());
    }
    for (StackOutput output : StackOutput.publishedOutputs()) {
      assertThat(output.published().orElseThrow().read().apply(outputs))
          .as("%s reads back the field it writes", output)
          .isEqualTo("value of " + output.key());
    }
    assertThat(StackOutput.publishedOutputs().stream().map(o -> o.published().get().statusField()))
        .doesNotHaveDuplicates()
        .containsExactlyInAnyOrderElementsOf(
            Arrays.stream(PipelineOutputs.class.getFields()).map(f -> f.getName()).toList());
    assertThat(StackOutput.publishedOutputs().stream().map(o -> o.published().get().secretKey()))
        .doesNotHaveDuplicates();
    assertThat(Arrays.stream(StackOutput.values()).map(StackOutput::key)).doesNotHaveDuplicates();
  }
}
