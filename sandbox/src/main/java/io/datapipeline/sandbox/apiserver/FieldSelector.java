package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@code fieldSelector} ({@code involvedObject.name=weather,type!=Normal}) applied to objects,
 * which the CRUD store cannot do: it knows {@code metadata.name} only, and kubectl describe lists
 * Events by their involved object.
 */
record FieldSelector(List<Term> terms) {

  record Term(String field, String value, boolean equal) {
    boolean matches(JsonNode object) {
      JsonNode node = object;
      for (String part : field.split("\\.")) {
        node = node.path(part);
      }
      String actual = node.isMissingNode() || node.isNull() ? "" : node.asText();
      return equal == actual.equals(value);
    }
  }

  static final FieldSelector EVERYTHING = new FieldSelector(List.of());

  static FieldSelector parse(String selector) {
    if (selector == null || selector.isBlank()) {
      return EVERYTHING;
    }
    List<Term> terms = new ArrayList<>();
    for (String term : selector.split(",")) {
      if (term.contains("!=")) {
        String[] parts = term.split("!=", 2);
        terms.add(new Term(parts[0].trim(), parts[1].trim(), false));
      } else {
        String[] parts = term.split("==?", 2);
        terms.add(new Term(parts[0].trim(), parts.length > 1 ? parts[1].trim() : "", true));
      }
    }
    return new FieldSelector(List.copyOf(terms));
  }

  boolean matches(JsonNode object) {
    return terms.stream().allMatch(t -> t.matches(object));
  }
}
