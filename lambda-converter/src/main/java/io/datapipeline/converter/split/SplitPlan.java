package io.datapipeline.converter.split;

import java.util.List;

/**
 * An object cut into row-aligned byte ranges ({@link SplitPlanner}). {@code headerEnd} is where the
 * header record ends (0 without a header) and {@code headerLines} the lines it spans: every range
 * but the first is parsed behind a copy of those bytes, so it maps its fields as the whole file
 * does.
 */
public record SplitPlan(long size, long headerEnd, long headerLines, List<Range> ranges) {

  public SplitPlan {
    ranges = List.copyOf(ranges);
  }

  /**
   * Bytes {@code [start, end)} of the object, whose first byte is on line {@code firstLine} (as the
   * parser numbers the lines of the whole object).
   */
  public record Range(int index, long start, long end, long firstLine) {

    /**
     * What to add to a line number the parser reports for this range read behind {@code
     * headerLines} lines of header (none for the first range, which holds the header itself).
     */
    public long lineShift(long headerLines) {
      return start == 0 ? 0 : firstLine - 1 - headerLines;
    }
  }
}
