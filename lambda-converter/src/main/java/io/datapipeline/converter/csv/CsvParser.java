package io.datapipeline.converter.csv;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.Arrays;

/**
 * A streaming RFC 4180 parser over one growable char buffer: fields are cut straight out of the
 * buffer, a record that is malformed (unterminated quote, text after a closing quote, longer than
 * the limit) is reported with its raw text and parsing resumes on the next physical line, so one
 * stray quote never swallows the rest of the file.
 *
 * <p>A quoted field may hold line breaks (RFC 4180): such a record spans several physical lines and
 * is one record. A quote that opens a field by mistake looks the same until it closes, so when the
 * expected field count is known ({@link #expectFields}) a record spanning lines with another count
 * is taken for a stray quote: its first line is rejected and the lines after it are parsed again as
 * the records they are.
 *
 * <p>Fields are kept as offsets into the buffer (an escaped quoted field's text, {@code ""} made
 * {@code "}, in a second buffer): {@link #field(int, CharSlice)} reads one without a copy, {@link
 * #field(int)} makes its String only when asked, so a typed column costs no String per value.
 *
 * <p>Usage: {@code while (parser.next()) { if (parser.isBad()) ... else parser.field(i) }}.
 */
public final class CsvParser implements Closeable {

  /** Longest raw record accepted (characters); a longer one is rejected, never buffered. */
  public static final int DEFAULT_MAX_RECORD_CHARS = 1 << 20;

  private static final int NEED_MORE = 0;
  private static final int OK = 1;
  private static final int BAD = 2;

  private final Reader in;
  private final char delimiter;
  private final char quote;
  // The highest character that can end an unquoted field: most data characters (digits, letters)
  // are above it, so the scan tests one bound per character instead of three characters.
  private final char highestStop;
  private final int maxRecordChars;
  private int expectedFields;

  private char[] buf = new char[64 * 1024];
  private int pos;
  private int limit;
  private boolean eof;
  private boolean started;

  private long nextLine = 1;
  private long recordLine;
  private int[] fieldStarts = new int[16];
  private int[] fieldLengths = new int[16];
  private boolean[] fieldEscaped = new boolean[16];
  private int fieldCount;
  private char[] unescaped = new char[256];
  private int unescapedLength;
  private String badReason;
  private String badRaw;

  // Set by parseRecord.
  private int end;
  private int newlines;
  private boolean spansLines;

  public CsvParser(Reader in, char delimiter, char quote) {
    this(in, delimiter, quote, DEFAULT_MAX_RECORD_CHARS);
  }

  public CsvParser(Reader in, char delimiter, char quote, int maxRecordChars) {
    this.in = in;
    this.delimiter = delimiter;
    this.quote = quote;
    this.maxRecordChars = maxRecordChars;
    this.highestStop = (char) Math.max(delimiter, '\r');
  }

  /**
   * The number of fields every record should have (the header's), or 0 when unknown. Only used to
   * tell a stray quote from a quoted field holding line breaks; a single-line record with another
   * count is still returned as parsed (the caller reports its field count).
   */
  public void expectFields(int count) {
    this.expectedFields = count;
  }

  /**
   * Advances to the next record (blank lines are skipped). Returns false at the end of input. After
   * true, either {@link #isBad()} or the fields are set.
   */
  public boolean next() throws IOException {
    fieldCount = 0;
    badReason = null;
    badRaw = null;
    while (true) {
      if (pos >= limit) {
        if (eof) {
          return false;
        }
        fill();
        continue;
      }
      char first = buf[pos];
      if (first == '\n' || first == '\r') {
        if (first == '\r' && pos + 1 >= limit && !eof) {
          fill();
          continue;
        }
        pos += (first == '\r' && pos + 1 < limit && buf[pos + 1] == '\n') ? 2 : 1;
        nextLine++;
        continue;
      }
      recordLine = nextLine;
      int result = parseRecord(pos);
      if (result == NEED_MORE) {
        if (limit - pos >= maxRecordChars) {
          rejectOverlongRecord();
          return true;
        }
        fill();
        continue;
      }
      if (result == OK) {
        pos = end;
        nextLine += newlines;
        return true;
      }
      fieldCount = 0;
      return true;
    }
  }

  /** The physical line number (1-based) where the current record starts. */
  public long line() {
    return recordLine;
  }

  public boolean isBad() {
    return badReason != null;
  }

  /** Why the current record could not be parsed. */
  public String badReason() {
    return badReason;
  }

  /** The raw text of the bad record (its first physical line when it was unterminated). */
  public String badRaw() {
    return badRaw;
  }

  public int fieldCount() {
    return fieldCount;
  }

  /** The field's text (a new String). */
  public String field(int index) {
    return new String(charsOf(index), fieldStarts[index], fieldLengths[index]);
  }

  /** Points {@code into} at the field's characters, valid until the next {@link #next()}. */
  public void field(int index, CharSlice into) {
    into.set(charsOf(index), fieldStarts[index], fieldLengths[index]);
  }

  public int fieldLength(int index) {
    return fieldLengths[index];
  }

  public String[] fields() {
    String[] fields = new String[fieldCount];
    for (int i = 0; i < fieldCount; i++) {
      fields[i] = field(i);
    }
    return fields;
  }

  private char[] charsOf(int index) {
    return fieldEscaped[index] ? unescaped : buf;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }

  /** Parses one record starting at {@code start}; sets {@link #end} and {@link #newlines}. */
  private int parseRecord(int start) {
    fieldCount = 0;
    unescapedLength = 0;
    newlines = 0;
    spansLines = false;
    int i = start;
    while (true) {
      if (i >= limit) {
        if (!eof) {
          return NEED_MORE;
        }
        addField(i, 0); // the record ended with a delimiter at the end of input
        end = i;
        return complete(start);
      }
      if (buf[i] == quote) {
        int j = i + 1;
        int segment = j;
        int escapedFrom = -1; // where this field's text starts in unescaped, once it has a ""
        while (true) {
          if (j >= limit) {
            if (!eof) {
              return NEED_MORE;
            }
            return bad(
                start,
                "unterminated quoted field (no closing " + quote + " before the end of the file)",
                true);
          }
          char d = buf[j];
          if (d == quote) {
            if (j + 1 >= limit && !eof) {
              return NEED_MORE;
            }
            if (j + 1 < limit && buf[j + 1] == quote) {
              if (escapedFrom < 0) {
                escapedFrom = unescapedLength;
              }
              unescape(segment, j + 1 - segment);
              j += 2;
              segment = j;
              continue;
            }
            if (escapedFrom < 0) {
              addField(segment, j - segment);
            } else {
              unescape(segment, j - segment);
              addField(escapedFrom, unescapedLength - escapedFrom);
              fieldEscaped[fieldCount - 1] = true;
            }
            j++;
            break;
          }
          if (d == '\n') {
            newlines++;
            spansLines = true;
          } else if (d == '\r') {
            if (j + 1 >= limit && !eof) {
              return NEED_MORE;
            }
            if (j + 1 >= limit || buf[j + 1] != '\n') {
              newlines++; // a lone CR ends a line as it does outside quotes
            }
            spansLines = true;
          }
          j++;
        }
        if (j >= limit) {
          end = j;
          return complete(start); // eof (otherwise the quote branch above asked for more)
        }
        char after = buf[j];
        if (after == delimiter) {
          i = j + 1;
          continue;
        }
        if (after == '\n' || after == '\r') {
          return endOfRecord(start, j);
        }
        String reason = "unexpected character '" + after + "' after a closing quote";
        if (newlines > 0) {
          // The "quoted field" ran over line ends: a stray quote opened it, and what it swallowed
          // are records of their own. Reject the first line only and parse the next ones again.
          return bad(start, reason + " (a stray quote?)", true);
        }
        return badToEndOfLine(start, j, reason);
      }
      int j = i;
      while (j < limit) {
        char d = buf[j];
        if (d <= highestStop && (d == delimiter || d == '\n' || d == '\r')) {
          break;
        }
        j++;
      }
      if (j >= limit && !eof) {
        return NEED_MORE;
      }
      addField(i, j - i);
      if (j >= limit) {
        end = j;
        return complete(start);
      }
      if (buf[j] == delimiter) {
        i = j + 1;
        continue;
      }
      return endOfRecord(start, j);
    }
  }

  private int endOfRecord(int start, int j) {
    if (buf[j] == '\n') {
      end = j + 1;
    } else { // '\r'
      if (j + 1 >= limit && !eof) {
        return NEED_MORE;
      }
      end = (j + 1 < limit && buf[j + 1] == '\n') ? j + 2 : j + 1;
    }
    newlines++;
    return complete(start);
  }

  /**
   * A record parsed to its end. One whose quoted field ran over line ends yet gives another field
   * count than expected was opened by a stray quote: only its first line is rejected.
   */
  private int complete(int start) {
    if (spansLines && expectedFields > 0 && fieldCount != expectedFields) {
      int found = fieldCount;
      fieldCount = 0;
      return bad(
          start,
          "a quoted field runs over line breaks and leaves "
              + found
              + " fields, not "
              + expectedFields
              + " (a stray quote?)",
          true);
    }
    return OK;
  }

  /** A record broken beyond repair: report its first line and resume on the next one. */
  private int bad(int start, String reason, boolean resumeAfterFirstLine) {
    int lineEnd = start;
    while (lineEnd < limit && buf[lineEnd] != '\n' && buf[lineEnd] != '\r') {
      lineEnd++;
    }
    badReason = reason;
    badRaw = new String(buf, start, lineEnd - start);
    int resume = lineEnd;
    if (resume < limit) {
      resume += (buf[resume] == '\r' && resume + 1 < limit && buf[resume + 1] == '\n') ? 2 : 1;
    }
    pos = resume;
    nextLine++;
    return BAD;
  }

  /** Text after a closing quote: the record runs to the end of that line, report all of it. */
  private int badToEndOfLine(int start, int from, String reason) {
    int j = from;
    while (j < limit && buf[j] != '\n' && buf[j] != '\r') {
      j++;
    }
    if (j >= limit && !eof) {
      return NEED_MORE;
    }
    int resume = j;
    if (resume < limit) {
      if (buf[resume] == '\r' && resume + 1 >= limit && !eof) {
        return NEED_MORE;
      }
      resume += (buf[resume] == '\r' && resume + 1 < limit && buf[resume + 1] == '\n') ? 2 : 1;
      newlines++;
    }
    badReason = reason;
    badRaw = new String(buf, start, j - start);
    pos = resume;
    nextLine += newlines;
    return BAD;
  }

  /**
   * The record outgrew the limit without ending. Its first physical line is reported (cut at the
   * limit when that line alone is longer) and parsing resumes after that line.
   */
  private void rejectOverlongRecord() throws IOException {
    badReason =
        "record longer than "
            + maxRecordChars
            + " characters (an unterminated quoted field?); parsing resumed on the next line";
    int lineEnd = pos;
    while (lineEnd < limit && buf[lineEnd] != '\n' && buf[lineEnd] != '\r') {
      lineEnd++;
    }
    badRaw = new String(buf, pos, lineEnd - pos);
    if (lineEnd < limit) {
      pos = lineEnd + 1;
      if (buf[lineEnd] == '\r' && pos < limit && buf[pos] == '\n') {
        pos++;
      }
    } else {
      // The single line itself is over the limit: drop the rest of it up to its end.
      badReason += " (raw text cut at " + maxRecordChars + " characters)";
      pos = limit;
      skipToEndOfLine();
    }
    nextLine++;
    fieldCount = 0;
  }

  private void skipToEndOfLine() throws IOException {
    while (true) {
      if (pos >= limit) {
        if (eof) {
          return;
        }
        fill();
        continue;
      }
      char c = buf[pos++];
      if (c == '\n') {
        return;
      }
      if (c == '\r') {
        if (pos >= limit && !eof) {
          fill();
        }
        if (pos < limit && buf[pos] == '\n') {
          pos++;
        }
        return;
      }
    }
  }

  /** Keeps the unconsumed tail, makes room (growing up to the record limit) and reads more. */
  private void fill() throws IOException {
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    if (limit == buf.length) {
      buf = Arrays.copyOf(buf, Math.min(buf.length * 2, maxRecordChars + 2));
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return;
    }
    if (!started && n > 0) {
      started = true;
      if (buf[limit] == '\uFEFF') { // a UTF-8 byte order mark is not data
        System.arraycopy(buf, limit + 1, buf, limit, n - 1);
        n--;
      }
    }
    limit += n;
  }

  private void addField(int start, int length) {
    if (fieldCount == fieldStarts.length) {
      fieldStarts = Arrays.copyOf(fieldStarts, fieldCount * 2);
      fieldLengths = Arrays.copyOf(fieldLengths, fieldCount * 2);
      fieldEscaped = Arrays.copyOf(fieldEscaped, fieldCount * 2);
    }
    fieldStarts[fieldCount] = start;
    fieldLengths[fieldCount] = length;
    fieldEscaped[fieldCount] = false;
    fieldCount++;
  }

  /** Appends {@code buf[from, from + length)} to the text of the escaped field being read. */
  private void unescape(int from, int length) {
    if (unescapedLength + length > unescaped.length) {
      unescaped =
          Arrays.copyOf(unescaped, Math.max(unescaped.length * 2, unescapedLength + length));
    }
    System.arraycopy(buf, from, unescaped, unescapedLength, length);
    unescapedLength += length;
  }
}
