package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.datapipeline.api.validation.Violation;
import io.fabric8.mockwebserver.http.MockResponse;
import java.util.List;

/** Error replies as kube-apiserver writes them: a {@code v1 Status} object with its HTTP code. */
final class ApiStatus {

  private static final ObjectMapper JSON = new ObjectMapper();

  private ApiStatus() {}

  /**
   * 422 with one cause per violation; kubectl prints it as {@code The DataPipeline "x" is invalid:
   * spec.dashboard.maxTasks: Invalid value: ...}.
   */
  static MockResponse invalid(String group, String kind, String name, List<Violation> violations) {
    ObjectNode status = status(422, "Invalid");
    String qualified = group.isEmpty() ? kind : kind + "." + group;
    List<String> lines = violations.stream().map(Violation::toString).toList();
    status.put(
        "message",
        qualified
            + " \""
            + name
            + "\" is invalid: "
            + (lines.size() == 1 ? lines.get(0) : "[" + String.join(", ", lines) + "]"));
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", group);
    details.put("kind", kind);
    ArrayNode causes = details.putArray("causes");
    for (Violation violation : violations) {
      ObjectNode cause = causes.addObject();
      cause.put("reason", causeReason(violation.message()));
      cause.put("message", violation.message());
      cause.put("field", violation.field());
    }
    return reply(422, status);
  }

  static MockResponse badRequest(String message) {
    ObjectNode status = status(400, "BadRequest");
    status.put("message", message);
    return reply(400, status);
  }

  static MockResponse notFound(String group, String plural, String name) {
    ObjectNode status = status(404, "NotFound");
    String resource = group.isEmpty() ? plural : plural + "." + group;
    status.put("message", resource + " \"" + name + "\" not found");
    ObjectNode details = status.putObject("details");
    details.put("name", name);
    details.put("group", group);
    details.put("kind", plural);
    return reply(404, status);
  }

  static MockResponse internalError(String message) {
    ObjectNode status = status(500, "InternalError");
    status.put("message", message);
    return reply(500, status);
  }

  static MockResponse forbidden(String message) {
    ObjectNode status = status(403, "Forbidden");
    status.put("message", message);
    return reply(403, status);
  }

  static MockResponse unsupportedMediaType(String contentType) {
    ObjectNode status = status(415, "UnsupportedMediaType");
    status.put("message", "the body of the request was in an unknown format: " + contentType);
    return reply(415, status);
  }

  static MockResponse json(int code, Object body) {
    try {
      return new MockResponse()
          .setResponseCode(code)
          .setHeader("Content-Type", "application/json")
          .setBody(JSON.writeValueAsString(body));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode status(int code, String reason) {
    ObjectNode status = JSON.createObjectNode();
    status.put("kind", "Status");
    status.put("apiVersion", "v1");
    status.putObject("metadata");
    status.put("status", "Failure");
    status.put("reason", reason);
    status.put("code", code);
    return status;
  }

  private static MockResponse reply(int code, ObjectNode status) {
    return json(code, status);
  }

  /** The StatusCause reason kube-apiserver gives each kind of field error. */
  private static String causeReason(String message) {
    if (message.startsWith("Required value")) {
      return "FieldValueRequired";
    }
    if (message.startsWith("Unsupported value")) {
      return "FieldValueNotSupported";
    }
    if (message.startsWith("Too long")) {
      return "FieldValueTooLong";
    }
    if (message.startsWith("Too many")) {
      return "FieldValueTooMany";
    }
    if (message.startsWith("Forbidden")) {
      return "FieldValueForbidden";
    }
    return "FieldValueInvalid";
  }
}
