package io.datapipeline.render;

import java.util.function.Supplier;

/**
 * The default images (operator settings CONVERTER_IMAGE / GRAFANA_IMAGE) before the pipeline's
 * account and region are known; {@link #resolve} gives the {@link RenderDefaults} of one pipeline.
 *
 * @param converter default {@code spec.converter.image}, or null
 * @param grafana default {@code spec.dashboard.image}, or null
 */
public record ImageDefaults(ImageTemplate converter, ImageTemplate grafana) {

  /** From the settings' text (null or blank: no default). */
  public static ImageDefaults of(String converter, String grafana) {
    return new ImageDefaults(template(converter), template(grafana));
  }

  /**
   * The defaults for a pipeline in {@code region} deployed into the account {@code account}
   * supplies (asked at most once, and only when a template names {@value ImageTemplate#ACCOUNT}).
   */
  public RenderDefaults resolve(String region, Supplier<String> account) {
    Supplier<String> once = memoized(account);
    return new RenderDefaults(
        converter == null ? null : converter.expand(region, once),
        grafana == null ? null : grafana.expand(region, once));
  }

  private static ImageTemplate template(String text) {
    return text == null || text.isBlank() ? null : ImageTemplate.parse(text);
  }

  private static Supplier<String> memoized(Supplier<String> supplier) {
    return new Supplier<>() {
      private String value;

      @Override
      public String get() {
        if (value == null) {
          value = supplier.get();
        }
        return value;
      }
    };
  }
}
