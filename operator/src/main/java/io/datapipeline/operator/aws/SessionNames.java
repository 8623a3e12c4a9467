package io.datapipeline.operator.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * STS role session names {@code dp-<namespace>-<name>}: what CloudTrail shows as the acting
 * pipeline. AWS allows {@code [\w+=,.@-]}, 2 to 64 characters; Kubernetes names fit the character
 * set, and a longer pair is cut and given a hash of the whole so that two pipelines never share a
 * name.
 */
public final class SessionNames {

  static final int MAX = 64;

  private SessionNames() {}

  public static String of(String namespace, String name) {
    String full = ("dp-" + namespace + "-" + name).replaceAll("[^\\w+=,.@-]", "-");
    if (full.length() <= MAX) {
      return full;
    }
    String hash = sha256(namespace + "/" + name).substring(0, 10);
    return full.substring(0, MAX - hash.length() - 1) + "-" + hash;
  }

  private static String sha256(String text) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
