package io.datapipeline.api.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

/**
 * How CEL rules are compiled and evaluated, on a small CRD of its own: the same choices the API
 * server makes, so a rule that passes here behaves the same in a cluster.
 */
class CelRuleSemanticsTest {

  /** A CRD whose spec has an optional object {@code box} with a transition rule. */
  static ManifestValidator crdWith(String boxSchema) {
    return ManifestValidator.fromCrd(
        ManifestValidator.readManifest(
            """
            apiVersion: apiextensions.k8s.io/v1
            kind: CustomResourceDefinition
            spec:
              group: example.io
              names: {kind: Thing}
              versions:
              - name: v1
                served: true
                schema:
                  openAPIV3Schema:
                    type: object
                    properties:
                      spec:
                        type: object
                        properties:
                          box:
            %s
            """
                .formatted(boxSchema.indent(20).stripTrailing())));
  }

  static final String BOX_WITH_IMMUTABLE_SIZE =
      """
      type: object
      properties:
        size: {type: integer}
        items:
          type: array
          maxItems: 4
          items: {type: string, maxLength: 8}
      x-kubernetes-validations:
      - rule: self.size == oldSelf.size
        message: size is immutable
        fieldPath: .size
      - rule: "!has(self.items) || self.items.all(i, i.size() <= self.size)"
        message: no item longer than size
      """;

  static JsonNode thing(String spec) {
    return ManifestValidator.readManifest(
        "{apiVersion: example.io/v1, kind: Thing, metadata: {name: t}, spec: " + spec + "}");
  }

  @Test
  void transitionRuleRunsOnlyWhereTheNodeExistsInBothObjects() {
    ManifestValidator validator = crdWith(BOX_WITH_IMMUTABLE_SIZE);

    assertThat(validator.validate(thing("{box: {size: 2}}"), thing("{}"))).isEmpty();
    assertThat(validator.validate(thing("{box: {size: 2}}"), thing("{box: {size: 2}}"))).isEmpty();
    assertThat(validator.validate(thing("{box: {size: 3}}"), thing("{box: {size: 2}}")))
        .containsExactly(new Violation("spec.box.size", "size is immutable"));
  }

  @Test
  void ruleWithoutFieldPathReportsTheNodeItIsDeclaredOn() {
    ManifestValidator validator = crdWith(BOX_WITH_IMMUTABLE_SIZE);

    assertThat(validator.validate(thing("{box: {size: 2, items: [abc]}}")))
        .containsExactly(new Violation("spec.box", "no item longer than size"));
  }

  @Test
  void ruleThatCannotBeEvaluatedIsReportedNotIgnored() {
    ManifestValidator validator = crdWith(BOX_WITH_IMMUTABLE_SIZE);

    assertThat(validator.validate(thing("{box: {items: [abc]}}")))
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.field()).isEqualTo("spec.box");
              assertThat(v.message()).contains("could not be evaluated");
            });
  }

  @Test
  void refusesARuleSelectingAnUndeclaredField() {
    assertRefused(
        "undeclared fields [sise]",
        """
            type: object
            properties:
              size: {type: integer}
            x-kubernetes-validations:
            - rule: self.sise > 0
            """);
  }

  @Test
  void refusesATransitionRuleOnListItems() {
    assertRefused(
        "transition rule on list items",
        """
            type: array
            maxItems: 4
            items:
              type: object
              properties:
                name: {type: string, maxLength: 8}
              x-kubernetes-validations:
              - rule: self.name == oldSelf.name
            """);
  }

  @Test
  void refusesARuleThatIsNotABoolean() {
    assertRefused(
        "must evaluate to a bool",
        """
            type: object
            properties:
              size: {type: integer}
            x-kubernetes-validations:
            - rule: self.size + 1
            """);
  }

  @Test
  void supportsTheKubernetesStringLibraryOurRulesUse() {
    ManifestValidator validator =
        crdWith(
            """
            type: string
            maxLength: 16
            x-kubernetes-validations:
            - rule: int(self.split('.')[0]) >= 16 && self.matches('^[0-9.]+$')
              message: too old
            """);

    assertThat(validator.validate(thing("{box: '17.6'}"))).isEmpty();
    assertThat(validator.validate(thing("{box: '15.2'}")))
        .containsExactly(new Violation("spec.box", "too old"));
  }

  @Test
  void refusesAFieldPathNamingNoDeclaredField() {
    assertRefused(
        "fieldPath .sizes",
        """
            type: object
            properties:
              size: {type: integer}
            x-kubernetes-validations:
            - rule: self.size > 0
              fieldPath: .sizes
            """);
  }

  /** The CRD with {@code schema} is refused when loaded, for {@code because}. */
  private static void assertRefused(String because, String schema) {
    assertThatThrownBy(() -> crdWith(schema))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(because);
  }
}
