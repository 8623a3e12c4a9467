package io.datapipeline.api.v1alpha1;

/**
 * Regular expressions used in the CRD schema. Kubernetes evaluates {@code pattern} with RE2, so no
 * look-around; rules that need it are CEL rules instead.
 */
public final class Patterns {
  public static final String REGION = "^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$";
  public static final String IAM_ROLE_ARN =
      "^arn:aws(-cn|-us-gov)?:iam::[0-9]{12}:role/[A-Za-z0-9+=,.@_/-]{1,512}$";
  public static final String ACM_CERTIFICATE_ARN =
      "^arn:aws(-cn|-us-gov)?:acm:[a-z0-9-]+:[0-9]{12}:certificate/[A-Za-z0-9-]{1,128}$";
  public static final String VPC_ID = "^vpc-[0-9a-f]{8}([0-9a-f]{9})?$";
  public static final String SUBNET_ID = "^subnet-[0-9a-f]{8}([0-9a-f]{9})?$";

  /** One IPv4 address byte, 0-255, without leading zeros. */
  static final String IPV4_OCTET = "(25[0-5]|2[0-4][0-9]|1[0-9]{2}|[1-9]?[0-9])";

  public static final String IPV4_CIDR =
      "^(" + IPV4_OCTET + "\\.){3}" + IPV4_OCTET + "/(3[0-2]|[12]?[0-9])$";

  /** A VPC block: AWS allows /16 to /28; two AZs with public and private subnets need /24. */
  public static final String IPV4_CIDR_16_TO_24 =
      "^(" + IPV4_OCTET + "\\.){3}" + IPV4_OCTET + "/(1[6-9]|2[0-4])$";

  /** S3 bucket naming rules that RE2 can express; the rest are CEL rules on the field. */
  public static final String BUCKET_NAME = "^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$";

  /**
   * A column or table name usable unquoted as a PostgreSQL identifier and as a DynamoDB attribute
   * name: lower case, starts with a letter, at most 63 characters (PostgreSQL's NAMEDATALEN).
   */
  public static final String SQL_IDENTIFIER = "^[a-z][a-z0-9_]{0,62}$";

  /** A container image in ECR: Lambda runs images only from ECR. */
  public static final String ECR_IMAGE =
      "^[0-9]{12}\\.dkr\\.ecr\\.[a-z0-9-]+\\.amazonaws\\.com(\\.cn)?/[a-z0-9._/-]+"
          + "(:[A-Za-z0-9_.-]{1,128}|@sha256:[a-f0-9]{64})$";

  /** Any OCI image reference (Grafana may come from any registry ECS can pull from). */
  public static final String IMAGE_REFERENCE =
      "^[A-Za-z0-9.-]+(:[0-9]+)?/?[a-z0-9._/-]*(:[A-Za-z0-9_.-]{1,128}|@sha256:[a-f0-9]{64})?$";

  /** A namespace name: an RFC 1123 DNS label. */
  public static final String NAMESPACE = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

  public static final String ENGINE_VERSION = "^[0-9]{2}(\\.[0-9]{1,2})?$";
  public static final String DB_INSTANCE_CLASS = "^db\\.[a-z0-9]+\\.[a-z0-9]+$";

  private Patterns() {}
}
