package io.datapipeline.operator.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.api.validation.ManifestValidator;
import io.datapipeline.api.validation.Violation;
import io.datapipeline.operator.controller.SpecValidator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** The production spec validator: the CRD's schema and CEL rules, checked in-process. */
final class Validators {

  private static final ObjectMapper JSON = new ObjectMapper();

  private Validators() {}

  static SpecValidator standard() {
    ManifestValidator validator = ManifestValidator.forDataPipeline();
    return pipeline -> {
      var annotations = pipeline.getMetadata().getAnnotations();
      if (annotations != null && annotations.containsKey(TolerantReading.UNREADABLE)) {
        return Optional.of(annotations.get(TolerantReading.UNREADABLE));
      }
      ObjectNode manifest = JSON.valueToTree(pipeline);
      // Only what the tenant wrote is judged; the status is ours.
      manifest.remove("status");
      List<Violation> violations = validator.validate(manifest);
      return violations.isEmpty()
          ? Optional.empty()
          : Optional.of(
              violations.stream().map(Violation::toString).collect(Collectors.joining("; ")));
    };
  }
}
