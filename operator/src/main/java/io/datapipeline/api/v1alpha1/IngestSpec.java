package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;

/** The bucket and which of its objects trigger a conversion. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!['parquet/', 'json/', 'rejected/'].exists(p, self.prefix.startsWith(p)"
            + " || p.startsWith(self.prefix))",
    message =
        "ingest.prefix must not overlap the converter's output prefixes parquet/, json/ and"
            + " rejected/ (the converter would trigger itself)",
    fieldPath = ".prefix")
@ValidationRule(
    value =
        "!has(oldSelf.bucketName) || (has(self.bucketName) && self.bucketName == oldSelf.bucketName)",
    message = "ingest.bucketName cannot change once set: a new name means a new, empty bucket",
    fieldPath = ".bucketName")
public class IngestSpec {

  @Size(max = 63)
  @Pattern(Patterns.BUCKET_NAME)
  @ValidationRule(
      value = "!self.contains('..') && !self.contains('.-') && !self.contains('-.')",
      message = "ingest.bucketName must not contain '..', '.-' or '-.'")
  @ValidationRule(
      value = "!self.matches('^[0-9]+\\\\.[0-9]+\\\\.[0-9]+\\\\.[0-9]+$')",
      message = "ingest.bucketName must not be formatted as an IP address")
  @ValidationRule(
      value =
          "!self.startsWith('xn--') && !self.startsWith('sthree-') && !self.endsWith('-s3alias')"
              + " && !self.endsWith('--ol-s3') && !self.endsWith('.mrap')"
              + " && !self.endsWith('--x-s3')",
      message = "ingest.bucketName uses a prefix or suffix that S3 reserves")
  @JsonPropertyDescription(
      "Name of the S3 bucket (3-63 characters, lower case, DNS-compatible). Default: derived from"
          + " the namespace, name and uid, unique per pipeline. Cannot change once set.")
  public String bucketName;

  @Default("incoming/")
  @Size(max = 512)
  // Not empty: with the whole bucket as input, rejected/<key>.csv would trigger the converter
  // again.
  @Pattern("^([A-Za-z0-9!_.*'()-]+/)+$")
  @JsonPropertyDescription(
      "Only objects under this key prefix trigger the converter: one or more path segments, each"
          + " ending with '/'. It must not overlap the outputs parquet/, json/ and rejected/.")
  public String prefix = "incoming/";

  @Default(".csv")
  @Size(max = 64)
  @JsonPropertyDescription("Only objects whose key ends with this suffix trigger the converter.")
  public String suffix = ".csv";

  @Default("30")
  @Min(1)
  @Max(3650)
  @JsonPropertyDescription(
      "Days after which uploaded raw objects under the prefix expire. Converted outputs are kept.")
  public Integer rawRetentionDays = 30;

  @Default("Keep")
  @JsonPropertyDescription(
      "What deleting an uploaded object does to its rows. Keep (default): nothing, the rows,"
          + " items and outputs stay. RemoveRows: deleting the object (s3:ObjectRemoved, also a"
          + " delete marker) removes its rows from PostgreSQL, its items from DynamoDB and its"
          + " Parquet and JSON outputs; the removal is audited in pipeline_loads. Expiry by"
          + " rawRetentionDays never removes rows: S3 reports lifecycle expiry as"
          + " s3:LifecycleExpiration events, which the converter is not subscribed to.")
  public OnDelete onDelete = OnDelete.Keep;

  /** What an object's deletion does to the rows loaded from it. */
  public enum OnDelete {
    Keep,
    RemoveRows
  }
}
