package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.deploy.Phase;
import io.datapipeline.operator.deploy.StackOutcome;
import io.datapipeline.render.Component;
import java.util.List;
import java.util.Optional;

/**
 * Refuses a database engine downgrade the CRD's transition rule would have refused at admission
 * (RDS cannot downgrade; the update would only roll back), against the version last deployed. Minor
 * upgrades and major upgrades pass.
 */
final class EngineVersionGuard {

  private EngineVersionGuard() {}

  static Optional<String> problem(DataPipeline pipeline) {
    String deployed =
        pipeline.getStatus() == null ? null : pipeline.getStatus().databaseEngineVersion;
    String wanted =
        pipeline.getSpec().database == null ? null : pipeline.getSpec().database.engineVersion;
    if (deployed == null || wanted == null) {
      return Optional.empty();
    }
    Optional<Integer> was = major(deployed);
    Optional<Integer> now = major(wanted);
    if (was.isPresent() && now.isPresent() && now.get() < was.get()) {
      return Optional.of(
          "spec.database.engineVersion: "
              + wanted
              + " is an older major version than the deployed "
              + deployed
              + "; database.engineVersion cannot move to an older major version (RDS cannot"
              + " downgrade: restore a snapshot into a new pipeline instead)");
    }
    return Optional.empty();
  }

  /** The version to record: the spec's, once the database stack is deployed with it. */
  static String deployed(DataPipeline pipeline, List<StackOutcome> outcomes) {
    String previous =
        pipeline.getStatus() == null ? null : pipeline.getStatus().databaseEngineVersion;
    boolean databaseReady =
        outcomes.stream()
            .anyMatch(o -> o.component() == Component.DATABASE && o.phase() == Phase.READY);
    if (!databaseReady || pipeline.getSpec().database == null) {
      return previous;
    }
    return pipeline.getSpec().database.engineVersion;
  }

  private static Optional<Integer> major(String version) {
    try {
      return Optional.of(Integer.parseInt(version.split("\\.")[0]));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }
}
