package io.datapipeline.helm;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The set-ups the chart supports, each as the values files given to Helm: the defaults alone, a
 * namespaced install, a cluster-wide install, IRSA, and monitoring on. Tests that must hold for
 * every set-up take these as parameters ({@code @MethodSource("...InstallVariants#all")}).
 */
final class InstallVariants {

  static final String DEFAULTS = "defaults";

  private InstallVariants() {}

  static Stream<String> all() {
    return Stream.of(DEFAULTS, "namespaced", "cluster-wide", "irsa", "monitoring");
  }

  static RenderedChart render(String variant) {
    return ChartRenderer.forRepositoryChart().template(valuesFiles(variant));
  }

  static Path[] valuesFiles(String variant) {
    if (variant.equals(DEFAULTS)) {
      return new Path[0];
    }
    return new Path[] {RepositoryFiles.testResource("values/" + variant + ".yaml")};
  }
}
