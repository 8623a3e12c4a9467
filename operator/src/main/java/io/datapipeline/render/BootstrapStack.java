package io.datapipeline.render;

import java.util.Map;
import java.util.Set;

/**
 * The per account/region stack shared by every pipeline there: ECR repositories for the converter
 * and Grafana images and the artifacts bucket (schemas, templates over 51,200 bytes).
 *
 * @param templateBody canonical JSON
 */
public record BootstrapStack(
    String stackName, String templateBody, Map<String, String> tags, Set<String> capabilities) {

  /** SHA-256 (hex) of the template body. */
  public String templateHash() {
    return Names.sha256Hex(templateBody);
  }
}
