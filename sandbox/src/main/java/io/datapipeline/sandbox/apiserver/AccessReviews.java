package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.Optional;

/**
 * The self-access reviews of {@code authorization.k8s.io/v1}, answered as kube-apiserver answers
 * them for cluster-admin: the sandbox has no RBAC, so whoever asks may do everything. The CRUD
 * store would otherwise keep the review as an object and return it without a status, and JOSDK's
 * leader election, which first checks with a SelfSubjectRulesReview that it may use leases, refuses
 * to start (see BUILD-NOTES).
 */
final class AccessReviews {

  static final String RULES_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectrulesreviews";
  static final String ACCESS_REVIEWS = "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews";

  private AccessReviews() {}

  /** The answer to a POST at {@code path} (no query string), or empty when it is no review. */
  static Optional<MockResponse> answer(String path, JsonNode review) {
    if (!(review instanceof ObjectNode asked)) {
      return Optional.empty();
    }
    ObjectNode answered = asked.deepCopy();
    if (path.equals(RULES_REVIEWS)) {
      ObjectNode status = answered.putObject("status");
      ObjectNode everything = status.putArray("resourceRules").addObject();
      everything.putArray("verbs").add("*");
      everything.putArray("apiGroups").add("*");
      everything.putArray("resources").add("*");
      ObjectNode urls = status.putArray("nonResourceRules").addObject();
      urls.putArray("verbs").add("*");
      urls.putArray("nonResourceURLs").add("*");
      status.put("incomplete", false);
    } else if (path.equals(ACCESS_REVIEWS)) {
      ObjectNode status = answered.putObject("status");
      status.put("allowed", true);
      status.put("reason", "the sandbox has no RBAC: everything is allowed");
    } else {
      return Optional.empty();
    }
    if (!answered.has("metadata")) {
      answered.set("metadata", JsonNodeFactory.instance.objectNode());
    }
    return Optional.of(ApiStatus.json(201, answered));
  }
}
