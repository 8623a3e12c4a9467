package io.datapipeline.render.cfn;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A CloudFormation template under construction: parameters, conditions, resources and outputs.
 * Logical ids are unique (adding one twice is a bug and throws). {@link #toJson()} is canonical.
 */
public final class Template {

  private final String description;
  private final Map<String, Object> parameters = new TreeMap<>();
  private final Map<String, Object> conditions = new TreeMap<>();
  private final Map<String, Resource> resources = new TreeMap<>();
  private final Map<String, Object> outputs = new TreeMap<>();
  private final Map<String, Object> metadata = new TreeMap<>();

  public Template(String description) {
    this.description = description;
  }

  /** Declares a parameter of CloudFormation type {@code type} (String, Number, List<...>). */
  public Template parameter(String name, String type, String description) {
    put(parameters, name, Json.obj("Type", type, "Description", description));
    return this;
  }

  public Template condition(String name, Object expression) {
    put(conditions, name, expression);
    return this;
  }

  /** Adds a resource and returns it, for attributes such as DependsOn or DeletionPolicy. */
  public Resource resource(String logicalId, String type, Map<String, Object> properties) {
    Resource resource = new Resource(type, properties);
    put(resources, logicalId, resource);
    return resource;
  }

  public Template output(String key, Object value, String description) {
    put(outputs, key, Json.obj("Value", value, "Description", description));
    return this;
  }

  /** Template-level metadata, e.g. cfn-lint configuration. */
  public Template metadata(String key, Object value) {
    put(metadata, key, value);
    return this;
  }

  public boolean hasResource(String logicalId) {
    return resources.containsKey(logicalId);
  }

  /** The template as canonical JSON. */
  public String toJson() {
    Map<String, Object> root = new TreeMap<>();
    root.put("AWSTemplateFormatVersion", "2010-09-09");
    root.put("Description", description);
    if (!metadata.isEmpty()) {
      root.put("Metadata", metadata);
    }
    if (!parameters.isEmpty()) {
      root.put("Parameters", parameters);
    }
    if (!conditions.isEmpty()) {
      root.put("Conditions", conditions);
    }
    Map<String, Object> renderedResources = new TreeMap<>();
    resources.forEach((id, resource) -> renderedResources.put(id, resource.toMap()));
    root.put("Resources", renderedResources);
    if (!outputs.isEmpty()) {
      root.put("Outputs", outputs);
    }
    return CanonicalJson.pretty(root);
  }

  private static <V> void put(Map<String, V> section, String key, V value) {
    if (section.putIfAbsent(key, value) != null) {
      throw new IllegalStateException("duplicate logical id or key: " + key);
    }
  }

  /** One resource: type, properties and the resource attributes CloudFormation knows. */
  public static final class Resource {
    private final String type;
    private final Map<String, Object> properties;
    private final TreeSet<String> dependsOn = new TreeSet<>();
    private final Map<String, Object> metadata = new TreeMap<>();
    private String deletionPolicy;
    private String updateReplacePolicy;
    private String condition;

    private Resource(String type, Map<String, Object> properties) {
      this.type = type;
      this.properties = properties;
    }

    public Resource dependsOn(String... logicalIds) {
      dependsOn.addAll(List.of(logicalIds));
      return this;
    }

    /** Sets DeletionPolicy and UpdateReplacePolicy alike: a replacement must not lose data. */
    public Resource retentionPolicy(String policy) {
      this.deletionPolicy = policy;
      this.updateReplacePolicy = policy;
      return this;
    }

    public Resource condition(String conditionName) {
      this.condition = conditionName;
      return this;
    }

    /**
     * Ignores cfn-lint rules for this resource only; {@code why} is kept beside the rule ids in the
     * template so a reviewer sees the reason.
     */
    public Resource ignoreLintRules(String why, String... ruleIds) {
      metadata.put(
          "cfn-lint",
          Json.obj(
              "config", Json.obj("ignore_checks", Json.listOf(List.of(ruleIds))), "reason", why));
      return this;
    }

    Map<String, Object> toMap() {
      return Json.obj(
          "Type",
          type,
          "Condition",
          condition,
          "DependsOn",
          dependsOn.isEmpty() ? null : new ArrayList<>(dependsOn),
          "DeletionPolicy",
          deletionPolicy,
          "UpdateReplacePolicy",
          updateReplacePolicy,
          "Metadata",
          metadata.isEmpty() ? null : metadata,
          "Properties",
          properties.isEmpty() ? null : properties);
    }
  }
}
