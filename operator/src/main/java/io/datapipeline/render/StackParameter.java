package io.datapipeline.render;

import io.datapipeline.render.cfn.Fn;
import java.util.Map;

/**
 * A template parameter: its name, CloudFormation type and description. The same value declares the
 * parameter and makes every reference to it, so a {@code Ref} cannot name a parameter the template
 * does not declare.
 */
record StackParameter(String name, String type, String description) {

  /** {@code {"Ref": name}}. */
  Map<String, Object> ref() {
    return Fn.ref(name);
  }

  /** The parameter as an {@code Fn::Sub} placeholder, {@code ${name}}. */
  String sub() {
    return "${" + name + "}";
  }

  /** The same parameter, explained for the stack that declares it. */
  StackParameter describedAs(String stackSpecificDescription) {
    return new StackParameter(name, type, stackSpecificDescription);
  }
}
