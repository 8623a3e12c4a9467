package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import io.datapipeline.api.v1alpha1.DatabaseSpec;
import io.datapipeline.api.v1alpha1.NetworkSpec;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
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
  private final PipelineNames names;
  private final String converterImage;
  private final String grafanaImage;
  private final SchemaDocument schema;
  private final String permissionsBoundaryArn;
  private final String deployedEngineVersion;

  RenderContext(DataPipelineSpec spec, PipelineIdentity identity, RenderDefaults defaults) {
    this(spec, PipelineNames.fresh(identity), defaults, null);
  }

  /**
   * @param names the pipeline's AWS names (recorded ones kept, new ones by its scheme)
   * @param permissionsBoundaryArn the tenant's boundary (a managed policy ARN) for every IAM role
   *     the stacks create, or null for none
   */
  RenderContext(
      DataPipelineSpec spec,
      PipelineNames names,
      RenderDefaults defaults,
      String permissionsBoundaryArn) {
    this(spec, names, defaults, permissionsBoundaryArn, null);
  }

  /**
   * As {@link #RenderContext(DataPipelineSpec, PipelineNames, RenderDefaults, String)}.
   *
   * @param deployedEngineVersion the database engine version deployed now (the pipeline's
   *     status.databaseEngineVersion), or null when none is (yet) or it is unknown
   */
  RenderContext(
      DataPipelineSpec spec,
      PipelineNames names,
      RenderDefaults defaults,
      String permissionsBoundaryArn,
      String deployedEngineVersion) {
    this.spec = spec;
    this.deployedEngineVersion = deployedEngineVersion;
    this.names = names;
    this.identity = names.identity();
    this.permissionsBoundaryArn =
        permissionsBoundaryArn == null || permissionsBoundaryArn.isBlank()
            ? null
            : permissionsBoundaryArn;
    List<String> missing = new ArrayList<>();
    this.converterImage =
        firstNonBlank(
            spec.converter.image, defaults.converterImage(), "spec.converter.image", missing);
    this.grafanaImage =
        Boolean.TRUE.equals(spec.dashboard.enabled)
            ? firstNonBlank(
                spec.dashboard.image, defaults.grafanaImage(), "spec.dashboard.image", missing)
            : null;
    if (!missing.isEmpty()) {
      throw new NoDefaultImageException(missing);
    }
    this.schema = SchemaDocument.of(identity, spec.schema);
    checkNotAuditTable();
    DatabaseConnections.check(spec);
  }

  /**
   * The CRD refuses {@code tableName: pipeline_loads}, but cannot see the default, which comes from
   * the pipeline name: a pipeline named {@code pipeline-loads} would load its rows into the
   * converter's audit table.
   */
  private void checkNotAuditTable() {
    if (!DatabaseSpec.AUDIT_TABLE.equalsIgnoreCase(databaseTableName())) {
      return;
    }
    boolean defaulted = spec.database.tableName == null || spec.database.tableName.isBlank();
    throw new InvalidSpecException(
        "spec.database.tableName",
        defaulted
            ? "defaults to the pipeline name made SQL-safe, "
                + DatabaseSpec.AUDIT_TABLE
                + ", which is the converter's audit table; set another tableName"
            : DatabaseSpec.AUDIT_TABLE + " is the converter's audit table; choose another name");
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

  PipelineNames names() {
    return names;
  }

  String stackName(Component component) {
    return names.stackName(component);
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
    return Collections.unmodifiableMap(tags);
  }

  String bucketName() {
    String name = spec.ingest.bucketName;
    return name == null || name.isBlank() ? names.defaultBucketName() : name;
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

  /**
   * The PermissionsBoundary every {@code AWS::IAM::Role} of the pipeline carries, or null (then the
   * property is left out and the templates are what they were without tenancy).
   */
  String permissionsBoundaryArn() {
    return permissionsBoundaryArn;
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

  /**
   * The spec's engine version is of a higher major version than the deployed one (17.x -> 18.x):
   * the one change RDS applies only with AllowMajorVersionUpgrade.
   */
  boolean majorEngineUpgrade() {
    if (deployedEngineVersion == null || spec.database == null) {
      return false;
    }
    OptionalInt deployed = majorVersion(deployedEngineVersion);
    OptionalInt wanted = majorVersion(spec.database.engineVersion);
    return deployed.isPresent() && wanted.isPresent() && wanted.getAsInt() > deployed.getAsInt();
  }

  private static OptionalInt majorVersion(String version) {
    if (version == null) {
      return OptionalInt.empty();
    }
    try {
      return OptionalInt.of(Integer.parseInt(version.split("\\.")[0].trim()));
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  ParameterValue publicSubnetIds() {
    return createsNetwork()
        ? ParameterValue.fromOutput(StackOutput.PUBLIC_SUBNET_IDS)
        : ParameterValue.literal(String.join(",", spec.network.publicSubnetIds));
  }

  /**
   * Checks what the CRD schema also checks, so direct callers (CLI, tests) get the same errors: all
   * of them at once, so a user fixes a spec in one round.
   */
  static void checkRequired(DataPipelineSpec spec) {
    List<InvalidSpecException.Problem> problems = new ArrayList<>();
    if (spec.aws == null) {
      problems.add(required("spec.aws"));
    } else if (spec.aws.region == null) {
      problems.add(required("spec.aws.region"));
    }
    checkNetwork(spec, problems);
    if (spec.schema == null) {
      problems.add(required("spec.schema"));
    } else {
      checkSchema(spec, problems);
    }
    if (spec.ingest == null) {
      problems.add(required("spec.ingest"));
    } else {
      selfTrigger(spec.ingest.prefix, spec.ingest.suffix).ifPresent(problems::add);
    }
    for (var part :
        List.of(
            Map.entry("spec.converter", spec.converter == null),
            Map.entry("spec.database", spec.database == null),
            Map.entry("spec.table", spec.table == null),
            Map.entry("spec.dashboard", spec.dashboard == null))) {
      if (part.getValue()) {
        problems.add(required(part.getKey()));
      }
    }
    if (!problems.isEmpty()) {
      throw new InvalidSpecException(problems);
    }
  }

  private static void checkNetwork(
      DataPipelineSpec spec, List<InvalidSpecException.Problem> problems) {
    NetworkSpec network = spec.network;
    if (network == null) {
      problems.add(required("spec.network"));
    } else if (network.create == null) {
      if (network.vpcId == null) {
        problems.add(required("spec.network.vpcId"));
      }
      atLeastTwo(network.privateSubnetIds, "spec.network.privateSubnetIds")
          .ifPresent(problems::add);
      if (spec.dashboard != null && Boolean.TRUE.equals(spec.dashboard.enabled)) {
        atLeastTwo(network.publicSubnetIds, "spec.network.publicSubnetIds")
            .ifPresent(problems::add);
      }
    } else if (network.vpcId != null || network.privateSubnetIds != null) {
      problems.add(
          new InvalidSpecException.Problem(
              "spec.network", "set either `create` or `vpcId` with subnets, not both"));
    }
  }

  private static void checkSchema(
      DataPipelineSpec spec, List<InvalidSpecException.Problem> problems) {
    if (spec.schema.columns == null || spec.schema.columns.isEmpty()) {
      problems.add(
          new InvalidSpecException.Problem(
              "spec.schema.columns", "at least one column is required"));
    }
    if (spec.schema.keyless()) {
      return; // keyless: rows are identified by source object and line
    }
    for (String key : spec.schema.primaryKey) {
      if (spec.schema.columns == null
          || spec.schema.columns.stream().noneMatch(c -> key.equals(c.name))) {
        problems.add(
            new InvalidSpecException.Problem(
                "spec.schema.primaryKey", "'" + key + "' is not a column in spec.schema.columns"));
      }
    }
  }

  /** File names the converter writes under its output prefixes (lambda-converter). */
  static final List<String> OUTPUT_FILE_ENDINGS = List.of(".csv", ".parquet", ".jsonl");

  /**
   * With an empty ingest prefix, S3 notifications cannot exclude the converter's output prefixes (a
   * filter has one prefix and one suffix), so a suffix that output files also end with would make
   * every output, e.g. rejected/x.csv, trigger the converter again: a loop that costs money and
   * never ends. Refused with the field named, rather than deployed.
   */
  private static Optional<InvalidSpecException.Problem> selfTrigger(String prefix, String suffix) {
    if (prefix != null && !prefix.isEmpty()) {
      return Optional.empty();
    }
    String ending = suffix == null ? "" : suffix;
    if (OUTPUT_FILE_ENDINGS.stream().anyMatch(file -> file.endsWith(ending))) {
      return Optional.of(
          new InvalidSpecException.Problem(
              "spec.ingest.prefix",
              "is empty and spec.ingest.suffix '"
                  + ending
                  + "' also matches the converter's own outputs (rejected/*.csv,"
                  + " parquet/*.parquet, json/*.jsonl), which would trigger it again; set a prefix"
                  + " such as incoming/"));
    }
    return Optional.empty();
  }

  private static InvalidSpecException.Problem required(String field) {
    return new InvalidSpecException.Problem(field, "is required");
  }

  private static Optional<InvalidSpecException.Problem> atLeastTwo(List<String> ids, String field) {
    return ids == null || ids.size() < 2
        ? Optional.of(
            new InvalidSpecException.Problem(
                field, "at least two subnets in different Availability Zones are required"))
        : Optional.empty();
  }

  private static String firstNonBlank(
      String fromSpec, String fromDefaults, String field, List<String> missing) {
    if (fromSpec != null && !fromSpec.isBlank()) {
      return fromSpec;
    }
    if (fromDefaults != null && !fromDefaults.isBlank()) {
      return fromDefaults;
    }
    missing.add(field);
    return null;
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
