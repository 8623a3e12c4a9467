package io.datapipeline.render;

/**
 * The value of a stack parameter: known at render time, or an output of a stack deployed earlier
 * (outputs are passed forward as parameters, never through Fn::ImportValue).
 */
public sealed interface ParameterValue {

  /** A value fixed by the spec. */
  record Literal(String value) implements ParameterValue {}

  /** The output {@code outputKey} of the stack of {@code component}. */
  record FromOutput(Component component, String outputKey) implements ParameterValue {}

  static ParameterValue literal(String value) {
    return new Literal(value);
  }

  /** The output as declared by the stack that has it. */
  static ParameterValue fromOutput(StackOutput output) {
    return new FromOutput(output.component(), output.key());
  }
}
