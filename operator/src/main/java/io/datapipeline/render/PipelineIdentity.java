package io.datapipeline.render;

import java.util.Objects;

/**
 * Who a pipeline is: its namespace, name and uid (metadata). Stack names, tags and the default
 * bucket name derive from it.
 */
public record PipelineIdentity(String namespace, String name, String uid) {

  public PipelineIdentity {
    requireText(namespace, "metadata.namespace");
    requireText(name, "metadata.name");
    requireText(uid, "metadata.uid");
  }

  /** {@code <namespace>/<name>}, e.g. the converter's PIPELINE metrics dimension. */
  public String qualifiedName() {
    return namespace + "/" + name;
  }

  private static void requireText(String value, String field) {
    if (Objects.requireNonNullElse(value, "").isBlank()) {
      throw new InvalidSpecException(field, "is required");
    }
  }
}
