package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The RDS PostgreSQL instance and the table rows are loaded into. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.maxAllocatedStorageGiB >= self.allocatedStorageGiB",
    message = "database.maxAllocatedStorageGiB must be at least allocatedStorageGiB",
    fieldPath = ".maxAllocatedStorageGiB")
@ValidationRule(
    value = "self.engine == oldSelf.engine",
    message = "database.engine is immutable: another engine means a new, empty database",
    fieldPath = ".engine")
@ValidationRule(
    value =
        "!has(oldSelf.tableName) || (has(self.tableName) && self.tableName == oldSelf.tableName)",
    message = "database.tableName is immutable once set: a new name means a new, empty table",
    fieldPath = ".tableName")
@ValidationRule(
    value = "int(self.engineVersion.split('.')[0]) >= int(oldSelf.engineVersion.split('.')[0])",
    message = "database.engineVersion cannot move to an older major version",
    fieldPath = ".engineVersion")
@ValidationRule(
    value =
        "!has(self.tableName) || self.tableName.lowerAscii() != '" + DatabaseSpec.AUDIT_TABLE + "'",
    message = DatabaseSpec.AUDIT_TABLE_NAME,
    fieldPath = ".tableName")
public class DatabaseSpec {

  /** The converter's audit table (docs/contracts.md), in the same database as the data table. */
  public static final String AUDIT_TABLE = "pipeline_loads";

  /**
   * Also checked by the renderer, which sees the default table name (derived from the pipeline
   * name, which this rule cannot see).
   */
  public static final String AUDIT_TABLE_NAME =
      "database.tableName: pipeline_loads is the converter's audit table; choose another name";

  @Default("postgres")
  @JsonPropertyDescription("Database engine. Only postgres. Immutable.")
  public Engine engine = Engine.POSTGRES;

  @Default("\"17.6\"")
  @Size(max = 5)
  @Pattern(Patterns.ENGINE_VERSION)
  @JsonPropertyDescription("PostgreSQL engine version offered by RDS, e.g. 17.6 or 16.9.")
  public String engineVersion = "17.6";

  @Default("db.t4g.micro")
  @Size(max = 64)
  @Pattern(Patterns.DB_INSTANCE_CLASS)
  @JsonPropertyDescription("RDS instance class, e.g. db.t4g.micro or db.m7g.large.")
  public String instanceClass = "db.t4g.micro";

  @Default("20")
  @Min(20)
  @Max(65536)
  @JsonPropertyDescription("Initial storage in GiB (20-65536).")
  public Integer allocatedStorageGiB = 20;

  @Default("100")
  @Min(20)
  @Max(65536)
  @JsonPropertyDescription("Storage autoscaling limit in GiB; at least allocatedStorageGiB.")
  public Integer maxAllocatedStorageGiB = 100;

  @Default("false")
  @JsonPropertyDescription("Run a standby in a second Availability Zone.")
  public Boolean multiAZ = false;

  @Default("7")
  @Min(0)
  @Max(35)
  @JsonPropertyDescription("Days automated backups are kept (0-35; 0 turns backups off).")
  public Integer backupRetentionDays = 7;

  @Size(max = 63)
  @Pattern(Patterns.SQL_IDENTIFIER)
  @JsonPropertyDescription(
      "Table the rows are loaded into. Default: the pipeline name made SQL-safe. Immutable once"
          + " set.")
  public String tableName;

  @Default("Snapshot")
  @JsonPropertyDescription(
      "What happens to the database when the pipeline is deleted or the instance replaced:"
          + " Snapshot (final snapshot, then delete), Retain (keep it running), or Delete.")
  public DeletionPolicy deletionPolicy = DeletionPolicy.Snapshot;

  /** Supported engines. */
  public enum Engine {
    @JsonProperty("postgres")
    POSTGRES
  }

  /** Maps to CloudFormation's DeletionPolicy/UpdateReplacePolicy. */
  public enum DeletionPolicy {
    Snapshot,
    Retain,
    Delete
  }
}
