package io.datapipeline.converter.core;

/**
 * A field that cannot become its column's type. Thrown once per bad value, so it carries no stack
 * trace (a file of bad rows must not cost a stack walk per row).
 */
public final class BadValueException extends Exception {
  public BadValueException(String message) {
    super(message, null, false, false);
  }
}
