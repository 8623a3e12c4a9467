package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.obj;

import io.datapipeline.api.v1alpha1.ColumnSpec;
import io.datapipeline.api.v1alpha1.SchemaSpec;
import io.datapipeline.api.v1alpha1.TableSpec;
import io.datapipeline.render.cfn.Fn;
import java.util.ArrayList;
import java.util.List;

/**
 * The DynamoDB table, keyed by {@code schema.primaryKey}, or for keyless data by the converter's
 * {@code _dp_partition}/{@code _dp_line} (the converter's KeylessItemKey computes them).
 */
final class TableStack {

  /** Partition key of a keyless table: {@code <sha-256 of the source key, hex>#<line mod 64>}. */
  static final String KEYLESS_PARTITION = "_dp_partition";

  /** Sort key of a keyless table: the row's line in its source object. */
  static final String KEYLESS_SORT = "_dp_line";

  private TableStack() {}

  static StackSpec render(RenderContext context) {
    TableSpec table = context.spec().table;
    SchemaSpec schema = context.spec().schema;
    StackBuilder stack = new StackBuilder(Component.TABLE, context, "DynamoDB table");

    List<Object> keySchema = new ArrayList<>();
    List<Object> attributes = new ArrayList<>();
    if (schema.keyless()) {
      // Keyless data (docs/contracts.md "Row identity"): the partition key spreads one object's
      // rows over 64 values (hash of the source key, then the line modulo 64), so loading a large
      // file never writes one hot partition; the line sorts.
      keySchema.add(obj("AttributeName", KEYLESS_PARTITION, "KeyType", "HASH"));
      keySchema.add(obj("AttributeName", KEYLESS_SORT, "KeyType", "RANGE"));
      attributes.add(obj("AttributeName", KEYLESS_PARTITION, "AttributeType", "S"));
      attributes.add(obj("AttributeName", KEYLESS_SORT, "AttributeType", "N"));
    }
    for (int i = 0; !schema.keyless() && i < schema.primaryKey.size(); i++) {
      String key = schema.primaryKey.get(i);
      keySchema.add(obj("AttributeName", key, "KeyType", i == 0 ? "HASH" : "RANGE"));
      attributes.add(obj("AttributeName", key, "AttributeType", attributeType(schema, key)));
    }
    boolean provisioned = table.billingMode == TableSpec.BillingMode.PROVISIONED;
    boolean retain = table.deletionPolicy != TableSpec.DeletionPolicy.Delete;

    stack
        .template()
        .resource(
            "Table",
            "AWS::DynamoDB::Table",
            obj(
                "KeySchema",
                keySchema,
                "AttributeDefinitions",
                attributes,
                "BillingMode",
                table.billingMode.name(),
                "ProvisionedThroughput",
                provisioned
                    ? obj(
                        "ReadCapacityUnits", table.readCapacity,
                        "WriteCapacityUnits", table.writeCapacity)
                    : null,
                "PointInTimeRecoverySpecification",
                obj("PointInTimeRecoveryEnabled", Boolean.TRUE.equals(table.pointInTimeRecovery)),
                "SSESpecification",
                obj("SSEEnabled", true),
                "DeletionProtectionEnabled",
                retain))
        .retentionPolicy(retain ? "Retain" : "Delete");

    stack
        .template()
        .output(StackOutput.TABLE_NAME.key(), Fn.ref("Table"), "Name of the DynamoDB table.")
        .output(
            StackOutput.TABLE_ARN.key(), Fn.getAtt("Table", "Arn"), "ARN of the DynamoDB table.");
    return stack.build();
  }

  /** DynamoDB key types: numbers for numeric columns, strings for the rest (dates as ISO). */
  static String attributeType(SchemaSpec schema, String column) {
    ColumnSpec spec =
        schema.columns.stream().filter(c -> c.name.equals(column)).findFirst().orElseThrow();
    return switch (spec.type) {
      case INT64, FLOAT64, DECIMAL -> "N";
      case STRING, DATE, TIMESTAMP -> "S";
      case BOOLEAN ->
          throw new InvalidSpecException(
              "spec.schema.primaryKey",
              "'" + column + "' is boolean; DynamoDB keys are strings or numbers");
    };
  }
}
