package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.datapipeline.api.v1alpha1.DataPipeline;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** reservedConcurrency against what the database's default connection limit serves. */
class DatabaseConnectionsTest {

  @Test
  void knowsTheMemoryOfRdsInstanceClassesBySize() {
    assertThat(DatabaseConnections.memoryGib("db.t4g.micro")).isEqualTo(OptionalInt.of(1));
    assertThat(DatabaseConnections.memoryGib("db.t4g.medium")).isEqualTo(OptionalInt.of(4));
    assertThat(DatabaseConnections.memoryGib("db.m7g.large")).isEqualTo(OptionalInt.of(8));
    assertThat(DatabaseConnections.memoryGib("db.r6g.2xlarge")).isEqualTo(OptionalInt.of(64));
    assertThat(DatabaseConnections.memoryGib("db.m6g.xlarge")).isEqualTo(OptionalInt.of(16));
    assertThat(DatabaseConnections.memoryGib("db.z9.large")).isEmpty();
    assertThat(DatabaseConnections.memoryGib("db.m7g.2large")).isEmpty();
  }

  @Test
  void aReservedConcurrencyTheDatabaseCannotServeIsRefusedNamingTheField() {
    DataPipeline pipeline = Examples.load("minimal");
    pipeline.getSpec().database.instanceClass = "db.t4g.micro";
    pipeline.getSpec().dashboard.enabled = true;
    pipeline.getSpec().dashboard.maxTasks = 4;
    pipeline.getSpec().converter.reservedConcurrency = 200;
    PipelineRenderer renderer = new PipelineRenderer(Examples.DEFAULTS);

    assertThatThrownBy(() -> renderer.render(pipeline.getSpec(), Examples.identity(pipeline)))
        .isInstanceOf(InvalidSpecException.class)
        .hasMessage(
            "spec.converter.reservedConcurrency: 200 concurrent conversions hold 200 database"
                + " connections (plus 40 for Grafana's 4 tasks), but database.instanceClass"
                + " db.t4g.micro serves about 79 by RDS's default max_connections; lower"
                + " reservedConcurrency to at most 39 or choose a larger instanceClass");

    pipeline.getSpec().converter.reservedConcurrency = 39;
    assertThat(renderer.render(pipeline.getSpec(), Examples.identity(pipeline)).stacks())
        .isNotEmpty();

    pipeline.getSpec().converter.reservedConcurrency = 200;
    pipeline.getSpec().database.instanceClass = "db.m7g.large";
    assertThat(renderer.render(pipeline.getSpec(), Examples.identity(pipeline)).stacks())
        .as("8 GiB serve about 670 connections")
        .isNotEmpty();
  }
}
