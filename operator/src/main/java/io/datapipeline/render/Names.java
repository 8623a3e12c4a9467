package io.datapipeline.render;

import io.datapipeline.api.v1alpha1.NamingScheme;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Deterministic AWS names derived from a pipeline's identity, in both naming schemes: {@link
 * NamingScheme#Hashed} for new pipelines, {@link NamingScheme#Legacy} for those deployed before it
 * (their names are kept: renaming a stack or a cluster would replace it). Which one a pipeline uses
 * is {@link PipelineNames}'s business.
 */
public final class Names {

  /**
   * Every stack name of either scheme starts with this: the bootstrap stack's EventBridge rule and
   * anything else that recognises the operator's stacks by name match on it.
   */
  public static final String STACK_NAME_PREFIX = "dp-";

  /** CloudFormation's limit on stack names. */
  static final int MAX_STACK_NAME = 128;

  /** S3's limit on bucket names. */
  static final int MAX_BUCKET_NAME = 63;

  /**
   * Hex digits of SHA-256({@code <namespace>/<name>}) in a hashed name: 64 bits, so that even with
   * the readable part cut (where a squatter could vary the rest of a long name freely) finding
   * another namespace/name pair with the same name is out of reach.
   */
  static final int IDENTITY_HASH_LENGTH = 16;

  /**
   * At most this much of {@code <namespace>-<name>} is kept readable in a hashed name, so every
   * name of a pipeline shares one prefix, {@code dp-<readable>-<hash>-}, whatever follows it.
   */
  static final int MAX_READABLE = 60;

  private Names() {}

  /**
   * The hashed scheme: {@code dp-<namespace>-<name>-<hash>-<suffix>}, where {@code
   * <namespace>-<name>} is cut to {@value #MAX_READABLE} characters (dots, legal in Kubernetes
   * names but not in stack names, and anything else a stack name cannot hold become dashes) and
   * {@code <hash>} is {@value #IDENTITY_HASH_LENGTH} hex of SHA-256({@code <namespace>/<name>}).
   * The readable part alone is ambiguous ({@code team-a}/{@code orders} and {@code team}/{@code
   * a-orders}); the hash is not, since neither a namespace nor a name can contain '/'. At most 3 +
   * 60 + 1 + 16 + 1 + suffix characters: within CloudFormation's 128 and ECS's 255 for any
   * component.
   */
  public static String hashedName(PipelineIdentity id, String suffix) {
    String readable = (id.namespace() + "-" + id.name()).replaceAll("[^A-Za-z0-9-]", "-");
    readable = trimDashes(readable.substring(0, Math.min(readable.length(), MAX_READABLE)));
    return STACK_NAME_PREFIX + readable + "-" + identityHash(id) + "-" + suffix;
  }

  /** {@value #IDENTITY_HASH_LENGTH} hex of SHA-256({@code <namespace>/<name>}). */
  public static String identityHash(PipelineIdentity id) {
    return sha256Hex(id.qualifiedName()).substring(0, IDENTITY_HASH_LENGTH);
  }

  /**
   * The legacy scheme, kept for pipelines deployed with it: {@code
   * dp-<namespace>-<name>-<component>}; when longer than 128 characters, the middle is cut and a
   * hash of the full name keeps it unique. Ambiguous across namespaces ({@code team-a}/{@code
   * orders} and {@code team}/{@code a-orders} give the same name), which is why new pipelines get
   * {@link #hashedName}. Never change it: deployed stacks carry these names.
   */
  public static String legacyName(PipelineIdentity id, String component) {
    String full =
        STACK_NAME_PREFIX + id.namespace() + "-" + id.name().replace('.', '-') + "-" + component;
    if (full.length() <= MAX_STACK_NAME) {
      return full;
    }
    String hash = sha256Hex(id.namespace() + "/" + id.name()).substring(0, 10);
    String suffix = "-" + hash + "-" + component;
    return trimDashes(full.substring(0, MAX_STACK_NAME - suffix.length())) + suffix;
  }

  /**
   * The default bucket name (both schemes): {@code dp-<namespace>-<name>-<hash of uid>}, lower case
   * and DNS-compatible, at most 63 characters. The uid (assigned by the API server, unique per
   * pipeline incarnation) is what makes it unique: no other pipeline, in any namespace or cluster,
   * can arrive at it, and a recreated pipeline never collides with a retained bucket of its
   * predecessor. The readable part is for people only.
   */
  public static String defaultBucketName(PipelineIdentity id) {
    String suffix = "-" + sha256Hex(id.uid()).substring(0, 10);
    String base =
        (STACK_NAME_PREFIX + id.namespace() + "-" + id.name())
            .toLowerCase(Locale.ROOT)
            .replaceAll("[^a-z0-9-]", "-")
            .replaceAll("-{2,}", "-");
    base =
        trimDashes(base.substring(0, Math.min(base.length(), MAX_BUCKET_NAME - suffix.length())));
    return base + suffix;
  }

  /**
   * The default PostgreSQL table name: the pipeline name made a safe, unquoted identifier (lower
   * case letters, digits, '_', starting with a letter, at most 63 characters). Each pipeline has
   * its own RDS instance, so it need not be unique across namespaces.
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
