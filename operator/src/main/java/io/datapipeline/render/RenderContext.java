package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import io.datapipeline.api.v1alpha1.NetworkSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A spec with everything derived from it resolved once: names, images, where network ids come from
 * and the schema document. The component builders read only this.
 */
final class RenderContext {

  static final String TAG_PREFIX = "datapipeline.io/";

  /** The database every pipeline's rows go to (contracts: DB_NAME). */
  static final String DATABASE_NAME = "datapipeline";

  static final int MAX_LABEL = 120;

  private final DataPipelineSpec spec;
  private final PipelineIdentity identity;
  private final String converterImage;
  private final String grafanaImage;
  private final SchemaDocument schema;

  RenderContext(DataPipelineSpec spec, PipelineIdentity identity, RenderDefaults defaults) {
    this.spec = spec;
    this.identity = identity;
    this.converterImage =
        firstNonBlank(spec.converter.image, defaults.converterImage(), "spec.converter.image");
    this.grafanaImage =
        Boolean.TRUE.equals(spec.dashboard.enabled)
            ? firstNonBlank(spec.dashboard.image, defaults.grafanaImage(), "spec.dashboard.image")
            : null;
    this.schema = SchemaDocument.of(identity, spec.schema);
  }

  DataPipelineSpec spec() {
    return spec;
  }

  PipelineIdentity identity() {
    return identity;
  }

  /**
   * {@code <namespace>/<name>} for descriptions, cut to {@value #MAX_LABEL} characters: AWS limits
   * descriptions to 255 characters and the full name can be longer.
   */
  String label() {
    String name = identity.qualifiedName();
    return name.length() <= MAX_LABEL ? name : name.substring(0, MAX_LABEL - 3) + "...";
  }

  String stackName(Component component) {
    return Names.stackName(identity, component.id());
  }

  /** Stack tags: {@code spec.aws.tags} plus ours (ours win, so they cannot be spoofed). */
  Map<String, String> stackTags(Component component) {
    Map<String, String> tags = new TreeMap<>();
    if (spec.aws.tags != null) {
      tags.putAll(spec.aws.tags);
    }
    tags.put(TAG_PREFIX + "namespace", identity.namespace());
    tags.put(TAG_PREFIX + "name", identity.name());
    tags.put(TAG_PREFIX + "uid", identity.uid());
    tags.put(TAG_PREFIX + "component", component.id());
    return java.util.Collections.unmodifiableMap(tags);
  }

  String bucketName() {
    String name = spec.ingest.bucketName;
    return name == null || name.isBlank() ? Names.defaultBucketName(identity) : name;
  }

  String databaseTableName() {
    String name = spec.database.tableName;
    return name == null || name.isBlank() ? Names.defaultTableName(identity) : name;
  }

  String converterImage() {
    return converterImage;
  }

  String grafanaImage() {
    return grafanaImage;
  }

  boolean dashboardEnabled() {
    return Boolean.TRUE.equals(spec.dashboard.enabled);
  }

  boolean createsNetwork() {
    return spec.network.create != null;
  }

  SchemaDocument schema() {
    return schema;
  }

  /** Where the VPC id comes from: the spec, or the network stack this pipeline owns. */
  ParameterValue vpcId() {
    return createsNetwork()
        ? ParameterValue.fromOutput(StackOutput.VPC_ID)
        : ParameterValue.literal(spec.network.vpcId);
  }

  ParameterValue privateSubnetIds() {
    return createsNetwork()
        ? ParameterValue.fromOutput(StackOutput.PRIVATE_SUBNET_IDS)
        : ParameterValue.literal(String.join(",", spec.network.privateSubnetIds));
  }

  ParameterValue publicSubnetIds() {
    return createsNetwork()
        ? ParameterValue.fromOutput(StackOutput.PUBLIC_SUBNET_IDS)
        : ParameterValue.literal(String.join(",", spec.network.publicSubnetIds));
  }

  /** Checks what the CRD schema also checks, so direct callers (CLI, tests) get the same errors. */
  static void checkRequired(DataPipelineSpec spec) {
    require(spec.aws, "spec.aws");
    require(spec.aws.region, "spec.aws.region");
    NetworkSpec network = require(spec.network, "spec.network");
    if (network.create == null) {
      require(network.vpcId, "spec.network.vpcId");
      requireAtLeastTwo(network.privateSubnetIds, "spec.network.privateSubnetIds");
      if (spec.dashboard != null && Boolean.TRUE.equals(spec.dashboard.enabled)) {
        requireAtLeastTwo(network.publicSubnetIds, "spec.network.publicSubnetIds");
      }
    } else if (network.vpcId != null || network.privateSubnetIds != null) {
      throw new InvalidSpecException(
          "spec.network", "set either `create` or `vpcId` with subnets, not both");
    }
    require(spec.schema, "spec.schema");
    if (spec.schema.columns == null || spec.schema.columns.isEmpty()) {
      throw new InvalidSpecException("spec.schema.columns", "at least one column is required");
    }
    if (spec.schema.primaryKey == null || spec.schema.primaryKey.isEmpty()) {
      throw new InvalidSpecException("spec.schema.primaryKey", "at least one column is required");
    }
    for (String key : spec.schema.primaryKey) {
      if (spec.schema.columns.stream().noneMatch(c -> key.equals(c.name))) {
        throw new InvalidSpecException(
            "spec.schema.primaryKey", "'" + key + "' is not a column in spec.schema.columns");
      }
    }
    require(spec.ingest, "spec.ingest");
    checkNoSelfTrigger(spec.ingest.prefix, spec.ingest.suffix);
    require(spec.converter, "spec.converter");
    require(spec.database, "spec.database");
    require(spec.table, "spec.table");
    require(spec.dashboard, "spec.dashboard");
  }

  /** File names the converter writes under its output prefixes (lambda-converter). */
  static final List<String> OUTPUT_FILE_ENDINGS = List.of(".csv", ".parquet", ".jsonl");

  /**
   * With an empty ingest prefix, S3 notifications cannot exclude the converter's output prefixes (a
   * filter has one prefix and one suffix), so a suffix that output files also end with would make
   * every output, e.g. rejected/x.csv, trigger the converter again: a loop that costs money and
   * never ends. Refused with the field named, rather than deployed.
   */
  static void checkNoSelfTrigger(String prefix, String suffix) {
    if (prefix != null && !prefix.isEmpty()) {
      return;
    }
    String ending = suffix == null ? "" : suffix;
    if (OUTPUT_FILE_ENDINGS.stream().anyMatch(file -> file.endsWith(ending))) {
      throw new InvalidSpecException(
          "spec.ingest.prefix",
          "is empty and spec.ingest.suffix '"
              + ending
              + "' also matches the converter's own outputs (rejected/*.csv, parquet/*.parquet,"
              + " json/*.jsonl), which would trigger it again; set a prefix such as incoming/");
    }
  }

  private static <T> T require(T value, String field) {
    if (value == null) {
      throw new InvalidSpecException(field, "is required");
    }
    return value;
  }

  private static void requireAtLeastTwo(List<String> ids, String field) {
    if (ids == null || ids.size() < 2) {
      throw new InvalidSpecException(
          field, "at least two subnets in different Availability Zones are required");
    }
  }

  private static String firstNonBlank(String fromSpec, String fromDefaults, String field) {
    if (fromSpec != null && !fromSpec.isBlank()) {
      return fromSpec;
    }
    if (fromDefaults != null && !fromDefaults.isBlank()) {
      return fromDefaults;
    }
    throw new InvalidSpecException(
        field, "is not set and the operator has no default image configured");
  }

  /** The {@code spec.schema} document the converter reads, and where it is uploaded. */
  record SchemaDocument(String key, String json) {

    static SchemaDocument of(PipelineIdentity id, Object schema) {
      String json = CanonicalJson.compact(schema);
      String key =
          "schemas/" + id.namespace() + "/" + id.name() + "/" + Names.sha256Hex(json) + ".json";
      return new SchemaDocument(key, json);
    }
  }
}
