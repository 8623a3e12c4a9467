package io.datapipeline.render;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/** Deterministic AWS names derived from a pipeline's identity. */
public final class Names {

  /** CloudFormation's limit on stack names. */
  static final int MAX_STACK_NAME = 128;

  /** S3's limit on bucket names. */
  static final int MAX_BUCKET_NAME = 63;

  private Names() {}

  /**
   * {@code dp-<namespace>-<name>-<component>}; when longer than 128 characters, the middle is cut
   * and a hash of the full name keeps it unique. Dots (legal in Kubernetes names, not in stack
   * names) become dashes.
   */
  public static String stackName(PipelineIdentity id, String component) {
    String full = "dp-" + id.namespace() + "-" + id.name().replace('.', '-') + "-" + component;
    if (full.length() <= MAX_STACK_NAME) {
      return full;
    }
    String hash = sha256Hex(id.namespace() + "/" + id.name()).substring(0, 10);
    String suffix = "-" + hash + "-" + component;
    return trimDashes(full.substring(0, MAX_STACK_NAME - suffix.length())) + suffix;
  }

  /**
   * The default bucket name: {@code dp-<namespace>-<name>-<hash of uid>}, lower case and
   * DNS-compatible, at most 63 characters. The uid makes it unique per pipeline incarnation, so a
   * recreated pipeline never collides with a retained bucket of its predecessor.
   */
  public static String defaultBucketName(PipelineIdentity id) {
    String suffix = "-" + sha256Hex(id.uid()).substring(0, 10);
    String base =
        ("dp-" + id.namespace() + "-" + id.name())
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-{2,}", "-");
    base =
        trimDashes(base.substring(0, Math.min(base.length(), MAX_BUCKET_NAME - suffix.length())));
    return base + suffix;
  }

  /**
   * The default PostgreSQL table name: the pipeline name made a safe, unquoted identifier (lower
   * case letters, digits, '_', starting with a letter, at most 63 characters).
   */
  public static String defaultTableName(PipelineIdentity id) {
    String name = id.name().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
    if (!Character.isLetter(name.charAt(0))) {
      name = "t_" + name;
    }
    return name.length() <= 63 ? name : name.substring(0, 63);
  }

  public static String sha256Hex(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every JRE", e);
    }
  }

  private static String trimDashes(String text) {
    return text.replaceAll("^-+|-+$", "");
  }
}
