package io.datapipeline.render;

import java.util.Map;

/**
 * An output of a stack deployed earlier, taken by a later stack as a parameter of the same name
 * (outputs are passed forward as parameters, never through Fn::ImportValue).
 */
record ImportedOutput(StackParameter parameter, StackOutput output) {

  /** The output, as a parameter named like it. */
  static ImportedOutput of(StackOutput output, String type, String description) {
    return new ImportedOutput(new StackParameter(output.key(), type, description), output);
  }

  /** Where the parameter's value comes from when the stack is deployed. */
  ParameterValue value() {
    return ParameterValue.fromOutput(output);
  }

  Map<String, Object> ref() {
    return parameter.ref();
  }

  String sub() {
    return parameter.sub();
  }

  /** The same import, explained for the stack that declares it. */
  ImportedOutput describedAs(String stackSpecificDescription) {
    return new ImportedOutput(parameter.describedAs(stackSpecificDescription), output);
  }
}
