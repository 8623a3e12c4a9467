package io.datapipeline.operator.aws;

import io.datapipeline.render.Names;

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
    String hash = Names.sha256Hex(namespace + "/" + name).substring(0, 10);
    return full.substring(0, MAX - hash.length() - 1) + "-" + hash;
  }
}
