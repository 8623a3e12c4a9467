package io.datapipeline.converter.core;

/**
 * The file cannot be converted at all: empty, not UTF-8, header not matching the schema, or a bad
 * row under {@code onBadRow: Fail}. The message names the line and field.
 */
public class BadInputException extends Exception implements PermanentProblem {
  public BadInputException(String message) {
    super(message);
  }

  public BadInputException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String reason() {
    return "bad_input";
  }
}
