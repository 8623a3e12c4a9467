package io.datapipeline.operator.tenancy;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The converter-image allow-list: repository patterns where {@code *} stands for any characters
 * within one dot- or slash-separated part (so {@code *.amazonaws.com} never matches {@code
 * evil.com/x.amazonaws.com}).
 */
final class ImageRepositories {

  private ImageRepositories() {}

  /** The repository of an image reference: without {@code :tag} and {@code @digest}. */
  static String repository(String image) {
    String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
    int slash = withoutDigest.lastIndexOf('/');
    int colon = withoutDigest.lastIndexOf(':');
    return colon > slash ? withoutDigest.substring(0, colon) : withoutDigest;
  }

  static boolean allowed(String image, List<String> patterns) {
    String repository = repository(image);
    return patterns.stream().anyMatch(p -> regex(p).matcher(repository).matches());
  }

  private static Pattern regex(String pattern) {
    StringBuilder regex = new StringBuilder();
    for (String literal : pattern.split("\\*", -1)) {
      if (regex.length() > 0) {
        regex.append("[^./]*");
      }
      regex.append(Pattern.quote(literal));
    }
    return Pattern.compile(regex.toString());
  }
}
