package io.datapipeline.render;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A spec the renderer cannot turn into stacks. The user must change the spec: retrying will not
 * help. {@link #problems()} lists every problem found, each naming its field, e.g. {@code
 * spec.converter.image}; {@link #field()} is the first one's.
 */
public class InvalidSpecException extends IllegalArgumentException {

  /** One problem of a spec: the field and what is wrong with it. */
  public record Problem(String field, String problem) {
    @Override
    public String toString() {
      return field + ": " + problem;
    }
  }

  private final List<Problem> problems;

  public InvalidSpecException(String field, String problem) {
    this(List.of(new Problem(field, problem)));
  }

  /**
   * @param problems at least one
   */
  public InvalidSpecException(List<Problem> problems) {
    super(problems.stream().map(Problem::toString).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("an invalid spec has at least one problem");
    }
    this.problems = List.copyOf(problems);
  }

  /** The first problem's field. */
  public String field() {
    return problems.get(0).field();
  }

  /** Every problem found, in the order of the spec's fields. */
  public List<Problem> problems() {
    return problems;
  }
}
