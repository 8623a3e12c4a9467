package io.datapipeline.operator.deploy;

import io.datapipeline.operator.cloudformation.ResourceChange;
import java.util.List;
import java.util.Set;

/**
 * The resources that hold a tenant's data, or that the database cannot move off without being
 * replaced: replacing or removing one of them loses data (a new, empty resource takes its place).
 */
public final class DataResources {

  /** Resource types whose replacement or removal loses data. */
  public static final Set<String> TYPES =
      Set.of(
          "AWS::RDS::DBInstance",
          "AWS::RDS::DBCluster",
          "AWS::DynamoDB::Table",
          "AWS::DynamoDB::GlobalTable",
          "AWS::S3::Bucket",
          // The network under the database: a new subnet group or VPC means a new instance.
          "AWS::RDS::DBSubnetGroup",
          "AWS::EC2::VPC",
          "AWS::EC2::Subnet");

  private DataResources() {}

  public static boolean isData(String resourceType) {
    return TYPES.contains(resourceType);
  }

  /** The changes that would replace (True or Conditional) or remove a data resource. */
  public static List<ResourceChange> destructive(List<ResourceChange> changes) {
    return changes.stream()
        .filter(c -> isData(c.resourceType()))
        .filter(c -> c.removes() || c.mayReplace())
        .toList();
  }

  /** "Db (AWS::RDS::DBInstance) replaced, Bucket (AWS::S3::Bucket) removed". */
  public static String describe(List<ResourceChange> destructive) {
    return String.join(
        ", ",
        destructive.stream()
            .map(
                c ->
                    c.logicalId()
                        + " ("
                        + c.resourceType()
                        + ") "
                        + (c.removes()
                            ? "removed"
                            : "True".equals(c.replacement()) ? "replaced" : "possibly replaced"))
            .toList());
  }
}
