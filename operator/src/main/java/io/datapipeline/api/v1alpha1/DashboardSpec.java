package io.datapipeline.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.List;

/** Grafana on ECS Fargate behind an Application Load Balancer, with CPU-based auto scaling. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "self.maxTasks >= self.minTasks",
    message = "dashboard.maxTasks must be greater than or equal to minTasks",
    fieldPath = ".maxTasks")
@ValidationRule(
    value =
        "(self.cpu == 256 && self.memoryMiB in [512, 1024, 2048])"
            + " || (self.cpu == 512 && self.memoryMiB >= 1024 && self.memoryMiB <= 4096)"
            + " || (self.cpu == 1024 && self.memoryMiB >= 2048 && self.memoryMiB <= 8192)"
            + " || (self.cpu == 2048 && self.memoryMiB >= 4096 && self.memoryMiB <= 16384)"
            + " || (self.cpu == 4096 && self.memoryMiB >= 8192 && self.memoryMiB <= 30720)",
    message =
        "dashboard.cpu and memoryMiB must be a Fargate combination (e.g. 256/512-2048,"
            + " 512/1024-4096, 1024/2048-8192, 2048/4096-16384, 4096/8192-30720)",
    fieldPath = ".memoryMiB")
@ValidationRule(
    value = "self.memoryMiB % 1024 == 0 || self.memoryMiB == 512",
    message = "dashboard.memoryMiB must be 512 or a multiple of 1024",
    fieldPath = ".memoryMiB")
@ValidationRule(
    value =
        "has(self.certificateArn) || (has(self.allowInsecureHttp) && self.allowInsecureHttp)"
            + " || !has(self.allowedCidrs) || self.allowedCidrs.all(c, "
            + DashboardSpec.PRIVATE_CIDR
            + ")",
    message =
        "dashboard.certificateArn is required when allowedCidrs holds a public range (the load"
            + " balancer is internet-facing); set dashboard.allowInsecureHttp: true to serve plain"
            + " HTTP deliberately",
    fieldPath = ".certificateArn")
public class DashboardSpec {

  /**
   * CEL: whether CIDR {@code c} lies within a range nobody reaches over the internet (RFC 1918,
   * loopback, link-local, RFC 6598 shared space). Plain string arithmetic, since the CIDR library
   * of the API server is not in every Kubernetes version we support; a malformed CIDR counts as
   * private here (the same pattern as {@link Patterns#IPV4_CIDR}) because the item's pattern
   * already refuses it.
   */
  static final String PRIVATE_CIDR =
      "!c.matches('^("
          + Patterns.IPV4_OCTET
          + "[.]){3}"
          + Patterns.IPV4_OCTET
          + "/(3[0-2]|[12]?[0-9])$')"
          + " || (int(c.split('/')[0].split('.')[0]) == 10 && int(c.split('/')[1]) >= 8)"
          + " || (int(c.split('/')[0].split('.')[0]) == 127 && int(c.split('/')[1]) >= 8)"
          + " || (int(c.split('/')[0].split('.')[0]) == 172 && int(c.split('/')[0].split('.')[1]) >= 16 && int(c.split('/')[0].split('.')[1]) <= 31 && int(c.split('/')[1]) >= 12)"
          + " || (int(c.split('/')[0].split('.')[0]) == 192 && int(c.split('/')[0].split('.')[1]) == 168 && int(c.split('/')[1]) >= 16)"
          + " || (int(c.split('/')[0].split('.')[0]) == 169 && int(c.split('/')[0].split('.')[1]) == 254 && int(c.split('/')[1]) >= 16)"
          + " || (int(c.split('/')[0].split('.')[0]) == 100 && int(c.split('/')[0].split('.')[1]) >= 64 && int(c.split('/')[0].split('.')[1]) <= 127 && int(c.split('/')[1]) >= 10)";

  @Default("true")
  @JsonPropertyDescription("Whether to run Grafana for this pipeline.")
  public Boolean enabled = true;

  @Size(max = 512)
  @Pattern(Patterns.IMAGE_REFERENCE)
  @JsonPropertyDescription(
      "Grafana container image. Default: the project's Grafana image (grafana/) from the"
          + " operator's configuration.")
  public String image;

  @Default("512")
  @JsonPropertyDescription("Task CPU units: 256, 512, 1024, 2048 or 4096.")
  @ValidationRule(
      value = "self in [256, 512, 1024, 2048, 4096]",
      message = "dashboard.cpu must be one of 256, 512, 1024, 2048, 4096")
  public Integer cpu = 512;

  @Default("1024")
  @Min(512)
  @Max(30720)
  @JsonPropertyDescription("Task memory in MiB; must suit cpu (Fargate combinations).")
  public Integer memoryMiB = 1024;

  @Default("1")
  @Min(0)
  @Max(100)
  @JsonPropertyDescription("Fewest Grafana tasks auto scaling keeps.")
  public Integer minTasks = 1;

  @Default("4")
  @Min(1)
  @Max(100)
  @JsonPropertyDescription("Most Grafana tasks auto scaling starts; at least minTasks.")
  public Integer maxTasks = 4;

  @Default("60")
  @Min(10)
  @Max(90)
  @JsonPropertyDescription("Average service CPU (percent) that target tracking keeps.")
  public Integer targetCpuPercent = 60;

  @Default("[]")
  @Size(max = 50)
  @JsonPropertyDescription(
      "IPv4 CIDR blocks that may reach the load balancer on 80/443. Empty (the default): nobody;"
          + " open it deliberately, e.g. [\"203.0.113.0/24\"] or [\"0.0.0.0/0\"].")
  public List<@Size(max = 18) @Pattern(Patterns.IPV4_CIDR) String> allowedCidrs = new ArrayList<>();

  @Size(max = 2048)
  @Pattern(Patterns.ACM_CERTIFICATE_ARN)
  @JsonPropertyDescription(
      "ACM certificate for an HTTPS listener; HTTP then redirects to HTTPS. Required when"
          + " allowedCidrs holds a public range, unless allowInsecureHttp is true.")
  public String certificateArn;

  @JsonPropertyDescription(
      "Serve Grafana over plain HTTP to public allowedCidrs, without certificateArn. The load"
          + " balancer is internet-facing, so logins and dashboards then cross the internet"
          + " unencrypted: an explicit choice, e.g. for a throw-away test. Not needed when"
          + " allowedCidrs holds only private ranges (RFC 1918, loopback, link-local, 100.64/10).")
  public Boolean allowInsecureHttp;
}
