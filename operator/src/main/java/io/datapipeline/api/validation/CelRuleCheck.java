package io.datapipeline.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.bundle.Cel;
import dev.cel.bundle.CelFactory;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelValidationException;
import dev.cel.common.ast.CelExpr;
import dev.cel.common.navigation.CelNavigableAst;
import dev.cel.common.types.SimpleType;
import dev.cel.common.values.NullValue;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Evaluates every {@code x-kubernetes-validations} CEL rule of a structural schema the way the API
 * server does: {@code self} is the node the rule is declared on, a rule runs only where its node is
 * present, and a transition rule (one that reads {@code oldSelf}) runs only on an update, where the
 * node exists in both the new and the old object.
 *
 * <p>Kubernetes adds libraries to standard CEL; the rules here may use standard CEL with its macros
 * ({@code all}, {@code exists}, {@code exists_one}, {@code map}, {@code filter}), {@code matches}
 * and the strings extension ({@code split}, {@code lowerAscii}, {@code indexOf}, ...), which
 * Kubernetes offers too.
 */
final class CelRuleCheck {

  private static final Cel CEL =
      CelFactory.standardCelBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addCompilerLibraries(CelExtensions.strings())
          .addRuntimeLibraries(CelExtensions.strings())
          .addVar("self", SimpleType.DYN)
          .addVar("oldSelf", SimpleType.DYN)
          .build();

  /**
   * @param messageProgram the rule's messageExpression compiled, or null: as on the API server, its
   *     value is the message when it evaluates, else {@code message} is
   */
  private record Rule(
      String expression,
      String message,
      String fieldPath,
      boolean transition,
      CelRuntime.Program program,
      CelRuntime.Program messageProgram) {}

  /** Compiled rules by the schema node that declares them (identity: schema nodes may be equal). */
  private final Map<JsonNode, List<Rule>> rulesBySchema = new IdentityHashMap<>();

  private final JsonNode rootSchema;

  CelRuleCheck(JsonNode rootSchema) {
    this.rootSchema = rootSchema;
    compileAll(rootSchema, "", false);
  }

  List<Violation> check(JsonNode manifest, JsonNode oldManifest) {
    List<Violation> violations = new ArrayList<>();
    walk(manifest, oldManifest, rootSchema, "", violations);
    return violations;
  }

  private void compileAll(JsonNode schema, String path, boolean underListItem) {
    List<Rule> rules = new ArrayList<>();
    for (JsonNode declared : schema.path("x-kubernetes-validations")) {
      Rule rule = compile(declared, schema, path);
      if (rule.transition() && underListItem) {
        // The API server rejects such a CRD unless the list is correlatable
        // (x-kubernetes-list-type: map), which no list of ours is.
        throw new IllegalArgumentException(
            "transition rule on list items at "
                + path
                + " cannot be evaluated: Kubernetes has no old item to compare with: "
                + rule.expression());
      }
      rules.add(rule);
    }
    if (!rules.isEmpty()) {
      rulesBySchema.put(schema, rules);
    }
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> compileAll(p.getValue(), FieldPath.child(path, p.getKey()), underListItem));
    if (schema.path("additionalProperties").isObject()) {
      compileAll(schema.get("additionalProperties"), path + "[*]", underListItem);
    }
    if (schema.has("items")) {
      compileAll(schema.get("items"), path + "[*]", true);
    }
  }

  private static Rule compile(JsonNode declared, JsonNode schema, String path) {
    String expression = declared.path("rule").asText();
    try {
      CelAbstractSyntaxTree ast = CEL.compile(expression).getAst();
      if (!ast.getResultType().equals(SimpleType.BOOL)) {
        throw new IllegalArgumentException(
            "CEL rule at " + path + " must evaluate to a bool: " + expression);
      }
      requireDeclaredFields(ast, schema, path, expression);
      requireResolvableFieldPath(declared.path("fieldPath").asText(""), schema, path);
      boolean transition =
          ast.getReferenceMap().values().stream().anyMatch(r -> r.name().equals("oldSelf"));
      String message =
          declared.hasNonNull("message")
              ? declared.get("message").asText()
              : "failed rule: " + expression;
      CelRuntime.Program messageProgram = null;
      if (declared.hasNonNull("messageExpression")) {
        CelAbstractSyntaxTree messageAst =
            CEL.compile(declared.get("messageExpression").asText()).getAst();
        if (!messageAst.getResultType().equals(SimpleType.STRING)) {
          throw new IllegalArgumentException(
              "messageExpression at " + path + " must evaluate to a string: " + expression);
        }
        requireDeclaredFields(messageAst, schema, path, declared.get("messageExpression").asText());
        messageProgram = CEL.createProgram(messageAst);
      }
      return new Rule(
          expression,
          message,
          declared.path("fieldPath").asText(""),
          transition,
          CEL.createProgram(ast),
          messageProgram);
    } catch (CelValidationException | CelEvaluationException e) {
      throw new IllegalArgumentException(
          "CEL rule at " + path + " does not compile: " + expression + ": " + e.getMessage(), e);
    }
  }

  /**
   * The API server type-checks each rule against the schema and refuses a CRD whose rule selects an
   * undeclared field; {@code self} is dynamic here, so check at least that every selected name
   * ({@code self.maxTasks}, {@code c.name}, {@code has(self.create)}) is declared at or below the
   * rule's node. (A rule reading a map entry by key, {@code self.tags.team}, would need this
   * relaxed.)
   */
  private static void requireDeclaredFields(
      CelAbstractSyntaxTree ast, JsonNode schema, String path, String expression) {
    Set<String> declared = new HashSet<>();
    collectPropertyNames(schema, declared);
    List<String> undeclared =
        CelNavigableAst.fromAst(ast)
            .getRoot()
            .allNodes()
            .filter(node -> node.getKind() == CelExpr.ExprKind.Kind.SELECT)
            .map(node -> node.expr().select().field())
            .filter(field -> !declared.contains(field))
            .distinct()
            .toList();
    if (!undeclared.isEmpty()) {
      throw new IllegalArgumentException(
          "CEL rule at " + path + " selects undeclared fields " + undeclared + ": " + expression);
    }
  }

  /** The API server refuses a rule whose fieldPath names no declared field. */
  private static void requireResolvableFieldPath(String fieldPath, JsonNode schema, String path) {
    if (fieldPath.isEmpty()) {
      return;
    }
    JsonNode node = schema;
    for (String segment : fieldPath.substring(fieldPath.startsWith(".") ? 1 : 0).split("\\.")) {
      node = node.path("properties").path(segment);
      if (node.isMissingNode()) {
        throw new IllegalArgumentException(
            "CEL rule at "
                + path
                + " has fieldPath "
                + fieldPath
                + " that names no declared field");
      }
    }
  }

  private static void collectPropertyNames(JsonNode schema, Set<String> names) {
    schema
        .path("properties")
        .fields()
        .forEachRemaining(
            p -> {
              names.add(p.getKey());
              collectPropertyNames(p.getValue(), names);
            });
    if (schema.path("items").isObject()) {
      collectPropertyNames(schema.get("items"), names);
    }
    if (schema.path("additionalProperties").isObject()) {
      collectPropertyNames(schema.get("additionalProperties"), names);
    }
  }

  private void walk(
      JsonNode node, JsonNode old, JsonNode schema, String path, List<Violation> violations) {
    for (Rule rule : rulesBySchema.getOrDefault(schema, List.of())) {
      if (!rule.transition() || old != null) {
        evaluate(rule, node, old, path, violations);
      }
    }
    if (node.isObject()) {
      JsonNode properties = schema.path("properties");
      JsonNode additional = schema.path("additionalProperties");
      for (Map.Entry<String, JsonNode> field :
          (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
        JsonNode fieldSchema =
            properties.has(field.getKey())
                ? properties.get(field.getKey())
                : additional.isObject() ? additional : null;
        if (fieldSchema != null) {
          JsonNode oldField = old == null ? null : old.get(field.getKey());
          walk(
              field.getValue(),
              oldField,
              fieldSchema,
              FieldPath.child(path, field.getKey()),
              violations);
        }
      }
    } else if (node.isArray() && schema.has("items")) {
      // Atomic lists: no item of the old list corresponds to an item of the new one.
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), null, schema.get("items"), FieldPath.item(path, i), violations);
      }
    }
  }

  private static void evaluate(
      Rule rule, JsonNode node, JsonNode old, String path, List<Violation> violations) {
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("self", toCelValue(node));
    if (old != null) {
      variables.put("oldSelf", toCelValue(old));
    }
    try {
      Object result = rule.program().eval(variables);
      if (!Boolean.TRUE.equals(result)) {
        violations.add(
            new Violation(
                FieldPath.withRuleFieldPath(path, rule.fieldPath()), message(rule, variables)));
      }
    } catch (CelEvaluationException e) {
      violations.add(
          new Violation(
              path,
              "Invalid value: \"object\": rule `"
                  + rule.expression()
                  + "` could not be evaluated: "
                  + e.getMessage()));
    }
  }

  private static String message(Rule rule, Map<String, Object> variables) {
    if (rule.messageProgram() == null) {
      return rule.message();
    }
    try {
      Object text = rule.messageProgram().eval(variables);
      return text instanceof String s && !s.isBlank() ? s : rule.message();
    } catch (CelEvaluationException e) {
      return rule.message();
    }
  }

  /** JSON as CEL sees it: integers are int (long), objects are maps, arrays are lists. */
  static Object toCelValue(JsonNode node) {
    return switch (node.getNodeType()) {
      case OBJECT -> {
        Map<String, Object> map = new LinkedHashMap<>();
        node.fields().forEachRemaining(f -> map.put(f.getKey(), toCelValue(f.getValue())));
        yield map;
      }
      case ARRAY -> {
        List<Object> list = new ArrayList<>();
        node.forEach(item -> list.add(toCelValue(item)));
        yield list;
      }
      case STRING -> node.textValue();
      case NUMBER -> node.isIntegralNumber() ? (Object) node.longValue() : node.doubleValue();
      case BOOLEAN -> node.booleanValue();
      default -> NullValue.NULL_VALUE;
    };
  }
}
