package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.ColumnSpec;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DatabaseSpec;
import io.datapipeline.api.v1alpha1.TableSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Specs that take the branches the examples do not (dashboard off, no prefix or suffix, composite
 * numeric key, other deletion policies, very long names), so lint and security checks cover them.
 */
public final class SpecVariants {

  private SpecVariants() {}

  /** Every example and every variant, by label. */
  public static Map<String, StackPlan> allPlans() {
    Map<String, StackPlan> plans = new LinkedHashMap<>();
    for (String example : Examples.names()) {
      plans.put(example, Examples.render(example));
    }
    plans.putAll(variants());
    return plans;
  }

  /** The variants only, by label. */
  public static Map<String, StackPlan> variants() {
    Map<String, StackPlan> plans = new LinkedHashMap<>();
    plans.put(
        "no-dashboard",
        variant(
            "minimal",
            p -> {
              p.getSpec().dashboard.enabled = false;
              p.getSpec().network.publicSubnetIds = null;
            }));
    plans.put(
        "whole-bucket",
        variant(
            "minimal",
            p -> {
              p.getSpec().ingest.prefix = "";
              p.getSpec().ingest.suffix = ".tsv"; // no output ends with it: no self-trigger
            }));
    plans.put(
        "composite-key",
        variant(
            "full",
            p -> {
              ColumnSpec quantity =
                  p.getSpec().schema.columns.stream()
                      .filter(c -> c.name.equals("quantity"))
                      .findFirst()
                      .orElseThrow();
              quantity.nullable = false;
              p.getSpec().schema.primaryKey = List.of("order_id", "quantity");
              p.getSpec().database.deletionPolicy = DatabaseSpec.DeletionPolicy.Retain;
              p.getSpec().table.deletionPolicy = TableSpec.DeletionPolicy.Delete;
              p.getSpec().table.pointInTimeRecovery = false;
              p.getSpec().dashboard.allowedCidrs = List.of();
              p.getSpec().dashboard.image = "grafana/grafana:12.0.0";
            }));
    plans.put(
        "long-names",
        variant(
            "own-network",
            p -> {
              p.getMetadata().setNamespace("n".repeat(63));
              p.getMetadata().setName("a-very-long-pipeline-name.".repeat(9) + "end");
              p.getSpec().network.create.cidr = "10.7.0.0/24";
            }));
    return plans;
  }

  private static StackPlan variant(String example, Consumer<DataPipeline> change) {
    DataPipeline pipeline = Examples.load(example);
    change.accept(pipeline);
    return new PipelineRenderer(Examples.DEFAULTS)
        .render(pipeline.getSpec(), Examples.identity(pipeline));
  }
}
