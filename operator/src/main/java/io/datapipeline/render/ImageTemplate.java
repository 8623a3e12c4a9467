package io.datapipeline.render;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container image reference that may leave the account and region it is pulled from open: {@value
 * #ACCOUNT} and {@value #REGION} are filled per pipeline, because Lambda pulls images only from ECR
 * in its own region, so one fixed default cannot serve pipelines in several regions or accounts.
 */
public final class ImageTemplate {

  public static final String ACCOUNT = "{account}";
  public static final String REGION = "{region}";

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{([^{}]*)}");

  private final String text;

  private ImageTemplate(String text) {
    this.text = text;
  }

  /**
   * Checks {@code text}'s placeholders.
   *
   * @throws IllegalArgumentException listing every unknown placeholder and stray brace
   */
  public static ImageTemplate parse(String text) {
    List<String> problems = problems(text);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + text
              + "': "
              + String.join("; ", problems)
              + " (placeholders: {account}, {region})");
    }
    return new ImageTemplate(text);
  }

  /**
   * The image in the bootstrap stack's ECR repository {@code repository} (BootstrapRenderer's
   * {@code *RepositoryUri} outputs) of the pipeline's account and region, tagged {@code tag}.
   */
  public static ImageTemplate bootstrapRepository(String repository, String tag) {
    return parse(bootstrapRepositoryText(repository, tag));
  }

  /** {@link #bootstrapRepository}'s text, unchecked (for docs, e.g. tag {@code <version>}). */
  public static String bootstrapRepositoryText(String repository, String tag) {
    return ACCOUNT + ".dkr.ecr." + REGION + ".amazonaws.com/" + repository + ":" + tag;
  }

  private static List<String> problems(String text) {
    List<String> problems = new ArrayList<>();
    if (text.chars().anyMatch(Character::isWhitespace)) {
      problems.add("an image reference has no whitespace");
    }
    Matcher placeholder = PLACEHOLDER.matcher(text);
    StringBuilder rest = new StringBuilder();
    while (placeholder.find()) {
      String found = placeholder.group();
      if (!found.equals(ACCOUNT) && !found.equals(REGION)) {
        problems.add("unknown placeholder " + found);
      }
      placeholder.appendReplacement(rest, "");
    }
    placeholder.appendTail(rest);
    if (rest.indexOf("{") >= 0 || rest.indexOf("}") >= 0) {
      problems.add("a '{' or '}' that is not part of a placeholder");
    }
    return problems;
  }

  /** Whether expanding needs the account (so callers look it up only then). */
  public boolean needsAccount() {
    return text.contains(ACCOUNT);
  }

  /**
   * The image for a pipeline in {@code region}, deployed into the account {@code account} supplies
   * (asked only when the template names it).
   */
  public String expand(String region, Supplier<String> account) {
    String image = text.replace(REGION, region);
    return needsAccount() ? image.replace(ACCOUNT, account.get()) : image;
  }

  /** The template as configured. */
  public String text() {
    return text;
  }

  @Override
  public String toString() {
    return text;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ImageTemplate other && other.text.equals(text);
  }

  @Override
  public int hashCode() {
    return text.hashCode();
  }
}
