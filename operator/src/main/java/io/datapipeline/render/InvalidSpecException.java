package io.datapipeline.render;

/**
 * A spec the renderer cannot turn into stacks. The user must change the spec: retrying will not
 * help. {@link #field()} names the offending field, e.g. {@code spec.converter.image}.
 */
public final class InvalidSpecException extends IllegalArgumentException {

  private final String field;

  public InvalidSpecException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
  }

  public String field() {
    return field;
  }
}
