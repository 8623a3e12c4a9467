package io.datapipeline.operator.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * TEST STAND-IN for operations moto 5.2.1 does not implement (HTTP 500 NotImplementedError): this
 * SDK interceptor sends the operations it is given, and only them, to a small local HTTP server
 * that answers as the service does (the body each answer makes from the request's); every other
 * request goes to moto unchanged. The requests still leave the process and pass the operator's
 * counters and budget; the operator's parsing of the answers is its production code.
 */
class MissingOperationsStandIn implements ExecutionInterceptor, AutoCloseable {

  /** A reply: its content type and body. */
  record Answer(String contentType, String body) {

    /** The AWS Query protocol's XML (CloudFormation). */
    static Answer xml(String body) {
      return new Answer("text/xml", body);
    }

    /** AWS JSON 1.1 (ECS, Application Auto Scaling). */
    static Answer json(String body) {
      return new Answer("application/x-amz-json-1.1", body);
    }
  }

  private static final String OPERATION_HEADER = "x-stand-in-operation";

  private final HttpServer server;
  private final Map<String, Function<String, Answer>> answers = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();

  MissingOperationsStandIn() {
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          String operation = exchange.getRequestHeaders().getFirst(OPERATION_HEADER);
          String request =
              new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
          Answer answer = answers.get(operation).apply(request);
          byte[] body = answer.body().getBytes(StandardCharsets.UTF_8);
          exchange.getResponseHeaders().add("Content-Type", answer.contentType());
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          answered.computeIfAbsent(operation, k -> new AtomicInteger()).incrementAndGet();
        });
    server.start();
  }

  /** Answers {@code operation} (e.g. DescribeAccountLimits) with what {@code answer} makes. */
  MissingOperationsStandIn answering(String operation, Function<String, Answer> answer) {
    answers.put(operation, answer);
    return this;
  }

  /** How many requests of {@code operation} were answered here. */
  int answered(String operation) {
    AtomicInteger n = answered.get(operation);
    return n == null ? 0 : n.get();
  }

  /** The value of {@code name} in a form-encoded (Query protocol) request body, or null. */
  static String formValue(String body, String name) {
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0 && pair.substring(0, eq).equals(name)) {
        return URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
    if (!answers.containsKey(operation)) {
      return context.httpRequest();
    }
    return context.httpRequest().toBuilder()
        .protocol("http")
        .host("127.0.0.1")
        .port(server.getAddress().getPort())
        .putHeader(OPERATION_HEADER, operation)
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
