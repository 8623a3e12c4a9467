package io.datapipeline.converter.csv;

import java.util.Objects;

/**
 * A reusable view of a field's characters inside the parser's buffer, so a value that is typed (a
 * number, a date) is read straight from the buffer without a String per field. Valid until the
 * parser's next {@code next()}; {@link #toString()} copies it out.
 */
public final class CharSlice implements CharSequence {
  private char[] chars = new char[0];
  private int start;
  private int length;

  /** A slice of {@code chars} (tests). */
  public static CharSlice of(char[] chars, int start, int length) {
    Objects.checkFromIndexSize(start, length, chars.length);
    CharSlice slice = new CharSlice();
    slice.set(chars, start, length);
    return slice;
  }

  void set(char[] chars, int start, int length) {
    this.chars = chars;
    this.start = start;
    this.length = length;
  }

  /**
   * The array the characters are in (the parser's buffer: read it, never write it), from {@link
   * #offset()} for {@link #length()} characters.
   */
  public char[] array() {
    return chars;
  }

  public int offset() {
    return start;
  }

  @Override
  public int length() {
    return length;
  }

  @Override
  public char charAt(int index) {
    return chars[start + Objects.checkIndex(index, length)];
  }

  @Override
  public CharSequence subSequence(int from, int to) {
    Objects.checkFromToIndex(from, to, length);
    return new String(chars, start + from, to - from);
  }

  /** Whether the characters are exactly {@code text}'s. */
  public boolean contentEquals(String text) {
    if (text.length() != length) {
      return false;
    }
    for (int i = 0; i < length; i++) {
      if (chars[start + i] != text.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return new String(chars, start, length);
  }
}
