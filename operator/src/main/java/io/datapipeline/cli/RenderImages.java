package io.datapipeline.cli;

import io.datapipeline.api.v1alpha1.DataPipelineSpec;
import io.datapipeline.operator.ports.AwsTarget;
import io.datapipeline.render.ImageTemplate;
import io.datapipeline.render.RenderDefaults;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * The images one render uses and where each came from: the spec's own, or a default whose {@code
 * {region}} is the manifest's and whose {@code {account}} is {@code --account}, the account of
 * {@code spec.aws.roleArn} (as the operator would deploy), or AWS's example account.
 */
final class RenderImages {

  /**
   * A default image and where it was configured.
   *
   * @param template null: no default
   * @param origin a flag, an environment variable or "operator default"
   */
  record Source(ImageTemplate template, String origin) {

    /**
     * @throws IllegalArgumentException naming {@code origin} when a placeholder is unknown
     */
    static Source of(String text, String origin) {
      if (text == null || text.isBlank()) {
        return new Source(null, origin);
      }
      try {
        return new Source(ImageTemplate.parse(text), origin);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(origin + " " + e.getMessage(), e);
      }
    }

    String expand(String region, String account) {
      return template == null ? null : template.expand(region, () -> account);
    }
  }

  private record Used(String component, String image, String origin) {}

  private final RenderDefaults defaults;
  private final List<Used> used;

  private RenderImages(RenderDefaults defaults, List<Used> used) {
    this.defaults = defaults;
    this.used = used;
  }

  /** {@code spec} has passed validation: its region is set. */
  static RenderImages choose(
      DataPipelineSpec spec, Source converter, Source grafana, String accountFlag) {
    String region = spec.aws.region;
    String account;
    String accountOrigin;
    var assumed = new AwsTarget(region, spec.aws.roleArn).roleAccount();
    if (accountFlag != null && !accountFlag.isBlank()) {
      account = accountFlag.trim();
      accountOrigin = "--account";
    } else if (assumed.isPresent()) {
      account = assumed.get();
      accountOrigin = "spec.aws.roleArn's";
    } else {
      account = RenderCommand.EXAMPLE_ACCOUNT;
      accountOrigin = "AWS's example account, pass --account for yours";
    }
    if (!account.matches("\\d{12}")) {
      throw new IllegalArgumentException("--account must be 12 digits, not '" + account + "'");
    }
    RenderDefaults defaults =
        new RenderDefaults(converter.expand(region, account), grafana.expand(region, account));
    List<Used> used = new ArrayList<>();
    used.add(
        used(
            "converter",
            spec.converter.image,
            "spec.converter.image",
            converter,
            defaults.converterImage(),
            region,
            account,
            accountOrigin));
    if (Boolean.TRUE.equals(spec.dashboard.enabled)) {
      used.add(
          used(
              "grafana",
              spec.dashboard.image,
              "spec.dashboard.image",
              grafana,
              defaults.grafanaImage(),
              region,
              account,
              accountOrigin));
    }
    return new RenderImages(defaults, List.copyOf(used));
  }

  private static Used used(
      String component,
      String fromSpec,
      String field,
      Source source,
      String expanded,
      String region,
      String account,
      String accountOrigin) {
    if (fromSpec != null && !fromSpec.isBlank()) {
      return new Used(component, fromSpec, field);
    }
    if (expanded == null) {
      return new Used(component, null, null);
    }
    String origin = source.origin();
    if (source.template().text().contains(ImageTemplate.REGION)) {
      origin += "; {region}=" + region;
    }
    if (source.template().needsAccount()) {
      origin += "; {account}=" + account + ": " + accountOrigin;
    }
    return new Used(component, expanded, origin);
  }

  /** What the renderer falls back to when the spec names no image. */
  RenderDefaults defaults() {
    return defaults;
  }

  /** One line per image of the plan. */
  void print(PrintWriter out) {
    out.printf("Images:%n");
    for (Used u : used) {
      out.printf("  %-10s %s  (%s)%n", u.component(), u.image(), u.origin());
    }
  }
}
