package io.datapipeline.render;

import io.datapipeline.render.cfn.Template;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One stack being rendered: its template plus the value of every parameter it declares, so that a
 * parameter and its source cannot drift apart. Dependencies follow from the parameters that take
 * other stacks' outputs.
 */
final class StackBuilder {

  private final Component component;
  private final RenderContext context;
  private final Template template;
  private final Map<String, ParameterValue> parameters = new TreeMap<>();
  private final Set<String> capabilities = new TreeSet<>();

  /**
   * @param contents what the stack holds, for the template's description ({@code DataPipeline
   *     <namespace/name>: <contents>})
   */
  StackBuilder(Component component, RenderContext context, String contents) {
    this.component = component;
    this.context = context;
    this.template = new Template("DataPipeline " + context.label() + ": " + contents);
  }

  Template template() {
    return template;
  }

  /** Declares {@code parameter} and where its value comes from. */
  StackBuilder parameter(StackParameter parameter, ParameterValue value) {
    template.parameter(parameter.name(), parameter.type(), parameter.description());
    parameters.put(parameter.name(), value);
    return this;
  }

  /** Declares the parameter that takes {@code output} from the stack deployed before. */
  StackBuilder parameter(ImportedOutput output) {
    return parameter(output.parameter(), output.value());
  }

  /** The stack creates IAM resources (roles with generated names). */
  StackBuilder needsIam() {
    capabilities.add("CAPABILITY_IAM");
    return this;
  }

  StackSpec build() {
    EnumSet<Component> dependencies = EnumSet.noneOf(Component.class);
    parameters.values().stream()
        .filter(ParameterValue.FromOutput.class::isInstance)
        .map(value -> ((ParameterValue.FromOutput) value).component())
        .forEach(dependencies::add);
    List<Component> dependsOn = new ArrayList<>(dependencies);
    return new StackSpec(
        component,
        context.stackName(component),
        template.toJson(),
        Collections.unmodifiableMap(new TreeMap<>(parameters)),
        context.stackTags(component),
        List.copyOf(dependsOn),
        Collections.unmodifiableSet(new TreeSet<>(capabilities)));
  }
}
