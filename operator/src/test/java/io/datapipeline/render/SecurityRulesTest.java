package io.datapipeline.render;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.datapipeline.render.cfn.CanonicalJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Security rules (cfn-nag style) over every template of every example and variant, plus the
 * bootstrap stack: no public bucket, no open ingress but the ALB's listener ports, Grafana only
 * behind its ALB, RDS private, encryption everywhere, no IAM wildcard action, no plaintext secret.
 */
class SecurityRulesTest {

  /** Actions that have no resource-level permissions, so Resource "*" is the only option. */
  private static final Pattern ACTIONS_WITHOUT_RESOURCES =
      Pattern.compile(
          "ec2:DescribeNetworkInterfaces|ec2:DescribeSubnets|ecr:GetAuthorizationToken"
              + "|cloudwatch:(GetMetricData|GetMetricStatistics|ListMetrics)");

  private static final Set<String> OPEN = Set.of("0.0.0.0/0", "::/0");

  record Rendered(String label, String component, JsonNode template) {
    @Override
    public String toString() {
      return label + "/" + component;
    }

    Stream<Map.Entry<String, JsonNode>> resources(String type) {
      List<Map.Entry<String, JsonNode>> found = new ArrayList<>();
      template
          .path("Resources")
          .fields()
          .forEachRemaining(
              e -> {
                if (e.getValue().path("Type").asText().equals(type)) {
                  found.add(e);
                }
              });
      return found.stream();
    }
  }

  static Stream<Arguments> templates() throws Exception {
    List<Arguments> all = new ArrayList<>();
    for (var plan : SpecVariants.allPlans().entrySet()) {
      for (StackSpec stack : plan.getValue().stacks()) {
        all.add(
            Arguments.of(
                new Rendered(
                    plan.getKey(),
                    stack.component().id(),
                    CanonicalJson.mapper().readTree(stack.templateBody()))));
      }
    }
    all.add(
        Arguments.of(
            new Rendered(
                "bootstrap",
                "bootstrap",
                CanonicalJson.mapper().readTree(new BootstrapRenderer().render().templateBody()))));
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void bucketsArePrivateEncryptedAndTlsOnly(Rendered t) {
    t.resources("AWS::S3::Bucket")
        .forEach(
            bucket -> {
              JsonNode p = bucket.getValue().path("Properties");
              JsonNode block = p.path("PublicAccessBlockConfiguration");
              for (String flag :
                  List.of(
                      "BlockPublicAcls",
                      "BlockPublicPolicy",
                      "IgnorePublicAcls",
                      "RestrictPublicBuckets")) {
                assertThat(block.path(flag).asBoolean())
                    .as("%s %s", bucket.getKey(), flag)
                    .isTrue();
              }
              assertThat(p.has("AccessControl")).isFalse();
              assertThat(
                      p.at(
                              "/BucketEncryption/ServerSideEncryptionConfiguration/0"
                                  + "/ServerSideEncryptionByDefault/SSEAlgorithm")
                          .asText())
                  .isIn("AES256", "aws:kms", "aws:kms:dsse");
              assertThat(
                      t.resources("AWS::S3::BucketPolicy")
                          .filter(
                              policy ->
                                  policy
                                          .getValue()
                                          .at("/Properties/Bucket/Ref")
                                          .asText()
                                          .equals(bucket.getKey())
                                      && deniesInsecureTransport(
                                          policy.getValue().at("/Properties/PolicyDocument"))))
                  .as("a TLS-only policy on %s", bucket.getKey())
                  .hasSize(1);
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void noIngressFromAnywhereExceptTheLoadBalancerListenerPorts(Rendered t) {
    for (IngressRule rule : ingressRules(t)) {
      if (rule.cidr() != null && OPEN.contains(rule.cidr())) {
        assertThat(rule.group()).as(rule.toString()).isEqualTo("LoadBalancerSecurityGroup");
        assertThat(rule.fromPort()).as(rule.toString()).isIn(80, 443);
        assertThat(rule.toPort()).isEqualTo(rule.fromPort());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void grafanaTasksAdmitOnlyTheLoadBalancer(Rendered t) {
    for (IngressRule rule : ingressRules(t)) {
      if (rule.group().equals("DashboardSecurityGroupId")
          || rule.group().equals("DashboardSecurityGroup")) {
        assertThat(rule.sourceGroup()).as(rule.toString()).isEqualTo("LoadBalancerSecurityGroup");
        assertThat(rule.cidr()).isNull();
        assertThat(rule.fromPort()).isEqualTo(3000);
        assertThat(rule.toPort()).isEqualTo(3000);
      }
      if (rule.group().equals("DatabaseSecurityGroup")) {
        assertThat(rule.cidr()).as("database admits groups, never address ranges").isNull();
        assertThat(rule.fromPort()).isEqualTo(5432);
      }
    }
    t.resources("AWS::ECS::Service")
        .forEach(
            service ->
                assertThat(
                        service
                            .getValue()
                            .at(
                                "/Properties/NetworkConfiguration/AwsvpcConfiguration/SecurityGroups/0/Ref")
                            .asText())
                    .isEqualTo("DashboardSecurityGroupId"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void databaseIsPrivateEncryptedWithAManagedPassword(Rendered t) {
    t.resources("AWS::RDS::DBInstance")
        .forEach(
            db -> {
              JsonNode p = db.getValue().path("Properties");
              assertThat(p.path("PubliclyAccessible").asBoolean(true)).isFalse();
              assertThat(p.path("StorageEncrypted").asBoolean()).isTrue();
              assertThat(p.path("ManageMasterUserPassword").asBoolean()).isTrue();
              assertThat(p.has("MasterUserPassword")).isFalse();
              assertThat(db.getValue().path("DeletionPolicy").asText()).isNotEmpty();
              assertThat(db.getValue().path("UpdateReplacePolicy").asText())
                  .isEqualTo(db.getValue().path("DeletionPolicy").asText());
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void tablesAndQueuesAreEncrypted(Rendered t) {
    t.resources("AWS::DynamoDB::Table")
        .forEach(
            table ->
                assertThat(
                        table.getValue().at("/Properties/SSESpecification/SSEEnabled").asBoolean())
                    .isTrue());
    t.resources("AWS::SQS::Queue")
        .forEach(
            queue -> {
              JsonNode p = queue.getValue().path("Properties");
              assertThat(p.path("SqsManagedSseEnabled").asBoolean() || p.has("KmsMasterKeyId"))
                  .as(queue.getKey())
                  .isTrue();
            });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void noIamWildcardActionAndResourceStarOnlyWhereAwsOffersNothingNarrower(Rendered t) {
    for (JsonNode statement : allowStatements(t.template())) {
      List<String> actions = texts(statement.path("Action"));
      assertThat(actions).as("NotAction is not used").isNotEmpty();
      for (String action : actions) {
        assertThat(action).as("wildcard action in %s", t).doesNotContain("*");
      }
      if (texts(statement.path("Resource")).contains("*")) {
        assertThat(actions)
            .as("Resource * in %s (statement %s)", t, statement.path("Sid").asText())
            .allMatch(a -> ACTIONS_WITHOUT_RESOURCES.matcher(a).matches());
      }
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void noPlaintextSecret(Rendered t) {
    t.resources("AWS::SecretsManager::Secret")
        .forEach(
            secret -> {
              JsonNode p = secret.getValue().path("Properties");
              assertThat(p.has("SecretString")).as(secret.getKey()).isFalse();
              assertThat(p.at("/GenerateSecretString/GenerateStringKey").asText())
                  .isEqualTo("password");
            });
    walk(
        t.template(),
        "",
        (path, node) -> {
          String field = path.substring(path.lastIndexOf('/') + 1).toLowerCase();
          if (field.contains("password") && !field.startsWith("managemaster")) {
            assertThat(node.isTextual()).as("literal %s in %s", path, t).isFalse();
          }
          if (node.isTextual()) {
            assertThat(node.asText()).doesNotContain("{{resolve:");
          }
        });
    // Environment values never carry credentials; secrets come through ECS `Secrets`.
    walk(
        t.template(),
        "",
        (path, node) -> {
          if (path.endsWith("/Environment") && node.isArray()) {
            node.forEach(
                variable ->
                    assertThat(variable.path("Name").asText())
                        .doesNotContain("PASSWORD")
                        .doesNotContain("SECRET_KEY"));
          }
        });
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("templates")
  void stacksShareValuesOnlyThroughParameters(Rendered t) {
    walk(
        t.template(),
        "",
        (path, node) ->
            assertThat(path).as("no Fn::ImportValue").doesNotContain("Fn::ImportValue"));
  }

  @Test
  void theOpenExampleOpensOnlyHttpAndTheRestrictedOneOnlyItsCidrs() throws Exception {
    JsonNode open = dashboard("own-network");
    assertThat(
            ingressRules(new Rendered("own-network", "dashboard", open)).stream()
                .filter(r -> "0.0.0.0/0".equals(r.cidr()))
                .map(IngressRule::fromPort))
        .containsExactly(80);
    JsonNode restricted = dashboard("full");
    assertThat(ingressRules(new Rendered("full", "dashboard", restricted)))
        .extracting(IngressRule::cidr)
        .containsOnly("203.0.113.0/24", "198.51.100.0/24", null);
  }

  private static JsonNode dashboard(String example) throws Exception {
    StackSpec stack =
        Examples.render(example).stacks().stream()
            .filter(s -> s.component() == Component.DASHBOARD)
            .findFirst()
            .orElseThrow();
    return CanonicalJson.mapper().readTree(stack.templateBody());
  }

  record IngressRule(String group, String cidr, String sourceGroup, int fromPort, int toPort) {}

  /** Inline and standalone ingress rules, with the logical id (or parameter) of their group. */
  private static List<IngressRule> ingressRules(Rendered t) {
    List<IngressRule> rules = new ArrayList<>();
    t.resources("AWS::EC2::SecurityGroup")
        .forEach(
            group ->
                group
                    .getValue()
                    .at("/Properties/SecurityGroupIngress")
                    .forEach(rule -> rules.add(rule(group.getKey(), rule))));
    t.resources("AWS::EC2::SecurityGroupIngress")
        .forEach(
            ingress -> {
              JsonNode p = ingress.getValue().path("Properties");
              rules.add(rule(referenced(p.path("GroupId")), p));
            });
    return rules;
  }

  private static IngressRule rule(String group, JsonNode rule) {
    return new IngressRule(
        group,
        rule.has("CidrIp") ? rule.path("CidrIp").asText() : null,
        rule.has("SourceSecurityGroupId") ? referenced(rule.path("SourceSecurityGroupId")) : null,
        rule.path("FromPort").asInt(-1),
        rule.path("ToPort").asInt(-1));
  }

  /** The logical id or parameter a Ref / GetAtt names. */
  private static String referenced(JsonNode value) {
    if (value.has("Ref")) {
      return value.path("Ref").asText();
    }
    if (value.has("Fn::GetAtt")) {
      return value.path("Fn::GetAtt").path(0).asText();
    }
    return value.asText();
  }

  private static boolean deniesInsecureTransport(JsonNode document) {
    for (JsonNode statement : document.path("Statement")) {
      if (statement.path("Effect").asText().equals("Deny")
          && statement.at("/Condition/Bool/aws:SecureTransport").asText().equals("false")) {
        return true;
      }
    }
    return false;
  }

  private static List<JsonNode> allowStatements(JsonNode template) {
    List<JsonNode> statements = new ArrayList<>();
    walk(
        template,
        "",
        (path, node) -> {
          if (path.endsWith("/Statement") && node.isArray()) {
            node.forEach(
                s -> {
                  if (s.path("Effect").asText().equals("Allow")) {
                    statements.add(s);
                  }
                });
          }
        });
    return statements;
  }

  private static List<String> texts(JsonNode node) {
    List<String> texts = new ArrayList<>();
    if (node.isArray()) {
      node.forEach(n -> texts.add(n.isTextual() ? n.asText() : n.toString()));
    } else if (!node.isMissingNode()) {
      texts.add(node.isTextual() ? node.asText() : node.toString());
    }
    return texts;
  }

  interface Visitor {
    void visit(String path, JsonNode node);
  }

  private static void walk(JsonNode node, String path, Visitor visitor) {
    visitor.visit(path, node);
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> walk(e.getValue(), path + "/" + e.getKey(), visitor));
    } else if (node.isArray()) {
      for (int i = 0; i < node.size(); i++) {
        walk(node.get(i), path + "/" + i, visitor);
      }
    }
  }
}
