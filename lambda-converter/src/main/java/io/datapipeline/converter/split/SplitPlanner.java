package io.datapipeline.converter.split;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where a CSV object can be cut into byte ranges that the converter's parser reads as exactly
 * the records it reads in the whole object: one sequential pass over the bytes (the coordinating
 * invocation pays one GET of the object and a byte loop, no parsing of values), following RFC 4180
 * quoting as {@link io.datapipeline.converter.csv.CsvParser} does. A quote only opens a quoted
 * field at the start of a field; inside one, a doubled quote is a quote and line breaks are data.
 *
 * <p>A cut is only made after a {@code \n} that ends a record, never inside a quoted field, and
 * only before the first irregularity the parser would repair by re-reading lines (text after a
 * closing quote, a quoted field running over line breaks that leaves another field count than the
 * header's, a record of {@link #MAX_RECORD_BYTES} or more, a quoted field open at the end): from
 * there on, the parser's own recovery decides what a record is, so the rest of the object stays one
 * range and is parsed as a whole would parse it. Quote, delimiter and line breaks are ASCII, and in
 * UTF-8 no byte of a multi-byte character is below 0x80, so bytes can be scanned without decoding
 * and a cut never splits a character.
 *
 * <p>Line numbers are counted as the parser counts them ({@code \r\n}, {@code \n} and a lone {@code
 * \r} each end one line), so each range knows the line its first record is on.
 */
public final class SplitPlanner {

  /** Below the parser's record limit in characters: a record this long in bytes stops the cuts. */
  public static final long MAX_RECORD_BYTES = (1 << 20) - 1;

  private static final int FIELD_START = 0;
  private static final int UNQUOTED = 1;
  private static final int QUOTED = 2;
  private static final int AFTER_QUOTE = 3;

  private final byte delimiter;
  private final byte quote;
  private final boolean header;
  private final int expectedFields;

  /**
   * {@code expectedFields}: the field count of every record when the file has no header (the
   * schema's columns); with a header, the header's count is used.
   */
  public SplitPlanner(char delimiter, char quote, boolean header, int expectedFields) {
    if (delimiter >= 0x80 || quote >= 0x80) {
      throw new IllegalArgumentException("only ASCII delimiters and quotes can be split on");
    }
    this.delimiter = (byte) delimiter;
    this.quote = (byte) quote;
    this.header = header;
    this.expectedFields = expectedFields;
  }

  /** Whether a schema's delimiter and quote allow byte-level splitting at all. */
  public static boolean canSplit(char delimiter, char quote) {
    return delimiter < 0x80 && quote < 0x80 && delimiter != quote;
  }

  /**
   * Scans {@code in} (the whole object, closed by the caller) and cuts it into ranges of about
   * {@code partBytes} each: every range but the first starts right after a record's {@code \n} at
   * or past the next multiple of {@code partBytes}.
   */
  public SplitPlan plan(InputStream in, long partBytes) throws IOException {
    if (partBytes < 1) {
      throw new IllegalArgumentException("partBytes must be positive");
    }
    Scan scan = new Scan(partBytes);
    byte[] buf = new byte[1 << 16];
    long offset = 0; // of buf[0] in the object
    int n;
    while ((n = in.read(buf)) >= 0) {
      int i = 0;
      if (offset == 0
          && n >= 3
          && (buf[0] & 0xFF) == 0xEF
          && (buf[1] & 0xFF) == 0xBB
          && (buf[2] & 0xFF) == 0xBF) {
        i = 3; // the parser drops a byte order mark: it is not part of the first field
      }
      for (; i < n; i++) {
        scan.next(buf[i], offset + i);
      }
      offset += n;
    }
    return scan.plan(offset);
  }

  /** The state of one pass. */
  private final class Scan {
    private final long partBytes;
    private final List<Long> cutAt = new ArrayList<>();
    private final List<Long> cutLine = new ArrayList<>();
    private long nextTarget;
    private long line = 1;
    private long recordStart;
    private int state = FIELD_START;
    private int fields;
    private boolean spansLines;
    private boolean recordEmpty = true; // no byte of a record yet: line breaks are blank lines
    private boolean regular = true;
    private boolean pendingCr; // the previous byte was a \r: a line of its own unless \n follows
    private boolean inHeader = header;
    private int expected = header ? 0 : expectedFields;
    private long headerEnd;
    private long headerLines;

    Scan(long partBytes) {
      this.partBytes = partBytes;
      this.nextTarget = partBytes;
    }

    void next(byte b, long at) {
      if (pendingCr) {
        pendingCr = false;
        if (b != '\n') {
          line++;
        }
      }
      boolean lineBreak = b == '\n' || b == '\r';
      if (b == '\n') {
        line++;
      } else if (b == '\r') {
        pendingCr = true;
      }
      if (!regular) {
        return; // only lines are counted from here on: the last range runs to the end
      }
      switch (state) {
        case QUOTED -> {
          if (b == quote) {
            state = AFTER_QUOTE;
          } else if (lineBreak) {
            spansLines = true;
          }
        }
        case AFTER_QUOTE -> {
          if (b == quote) {
            state = QUOTED; // a doubled quote
          } else if (b == delimiter) {
            fields++;
            state = FIELD_START;
          } else if (lineBreak) {
            state = FIELD_START;
          } else {
            regular = false; // text after a closing quote: the parser's repair decides
            return;
          }
        }
        case UNQUOTED -> {
          if (b == delimiter) {
            fields++;
            state = FIELD_START;
          } else if (lineBreak) {
            state = FIELD_START;
          }
        }
        default -> { // FIELD_START
          if (recordEmpty && lineBreak) {
            recordStart = at + 1; // a blank line, or the \n of a \r\n: no record
            cutAfter(b, at);
            return;
          }
          recordEmpty = false;
          if (b == quote) {
            state = QUOTED;
          } else if (b == delimiter) {
            fields++;
          } else if (!lineBreak) {
            state = UNQUOTED;
          }
        }
      }
      if (lineBreak && state == FIELD_START) {
        endRecord(b, at);
      } else if (at + 1 - recordStart >= MAX_RECORD_BYTES) {
        regular = false; // the parser would cut this record at its limit and re-read lines
      }
    }

    private void endRecord(byte b, long at) {
      int count = fields + 1;
      if (inHeader) {
        inHeader = false;
        expected = count;
        headerEnd = at + 1;
        headerLines = b == '\r' ? line : line - 1; // a trailing \r is a line of its own here
      } else if (spansLines && expected > 0 && count != expected) {
        regular = false; // a stray quote, as the parser will see it
        return;
      }
      fields = 0;
      spansLines = false;
      recordEmpty = true;
      recordStart = at + 1;
      cutAfter(b, at);
    }

    /** Cuts after {@code at} when it is a \n past the next target (never between \r and \n). */
    private void cutAfter(byte b, long at) {
      if (b == '\n' && !inHeader && at + 1 >= nextTarget && at + 1 > headerEnd) {
        cutAt.add(at + 1);
        cutLine.add(line);
        nextTarget = ((at + 1) / partBytes + 1) * partBytes;
      }
    }

    SplitPlan plan(long size) {
      if (inHeader) {
        headerEnd = size; // the header is all there is: one range
        headerLines = line - 1;
      }
      List<SplitPlan.Range> ranges = new ArrayList<>();
      long start = 0;
      long firstLine = 1;
      for (int k = 0; k < cutAt.size() && cutAt.get(k) < size; k++) {
        ranges.add(new SplitPlan.Range(ranges.size(), start, cutAt.get(k), firstLine));
        start = cutAt.get(k);
        firstLine = cutLine.get(k);
      }
      ranges.add(new SplitPlan.Range(ranges.size(), start, size, firstLine));
      return new SplitPlan(size, headerEnd, headerLines, ranges);
    }
  }
}
