package io.datapipeline.render;

/**
 * Values the operator's configuration supplies when a spec leaves them out.
 *
 * @param converterImage default {@code spec.converter.image} (operator setting CONVERTER_IMAGE);
 *     may be null, then every spec must set its own
 * @param grafanaImage default {@code spec.dashboard.image} (operator setting GRAFANA_IMAGE); may be
 *     null, then every spec with the dashboard enabled must set its own
 */
public record RenderDefaults(String converterImage, String grafanaImage) {

  /** No defaults: every spec must name its images. */
  public static RenderDefaults none() {
    return new RenderDefaults(null, null);
  }
}
