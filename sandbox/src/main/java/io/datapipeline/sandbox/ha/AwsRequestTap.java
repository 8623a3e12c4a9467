package io.datapipeline.sandbox.ha;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datapipeline.operator.threads.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * TEST AND BENCHMARK ONLY: one operator process's AWS endpoint, forwarding every request to moto
 * and recording it (when, service, action, stack), so that the calls of each replica are told apart
 * and survive the replica's {@code kill -9}, which its own request metrics do not. It can hold the
 * first request of one action and never forward it: the replica is then killed with the call in
 * flight (for a change set: created, not executed).
 */
final class AwsRequestTap implements AutoCloseable {

  /** One request as it left the operator. */
  record Call(
      Instant at, String service, String action, String stackName, int status, boolean forwarded) {

    /**
     * Reads change nothing: Describe*, List*, Get*, Validate*, Estimate*, Receive*, HEAD/GET; nor
     * does AssumeRole (credentials, no resource).
     */
    boolean mutating() {
      return !READ.matcher(action).lookingAt();
    }
  }

  private static final Pattern READ =
      Pattern.compile("(Describe|List|Get|Validate|Estimate|Receive|Head|AssumeRole|GET |HEAD )");

  /** Smithy RPC v2 (CloudWatch): {@code POST /service/<service>/operation/<operation>}. */
  private static final Pattern RPC_V2 = Pattern.compile("/service/[^/]+/operation/([^/]+)");

  private static final Pattern SERVICE = Pattern.compile("Credential=[^/]+/[^/]+/[^/]+/([^/]+)/");

  /** Headers java.net.http sets itself and refuses from callers. */
  private static final Set<String> RESTRICTED =
      Set.of("connection", "content-length", "expect", "host", "upgrade", "transfer-encoding");

  private final HttpServer server;
  private final ExecutorService threads =
      Executors.newCachedThreadPool(DaemonThreads.named("aws-request-tap"));
  private final HttpClient moto =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(10))
          .build();
  private final URI target;
  private final List<Call> calls = new ArrayList<>();
  private final String holdAction;
  private final CountDownLatch held = new CountDownLatch(1);
  private final CountDownLatch dropHeld = new CountDownLatch(1);
  private volatile String heldStack;
  private boolean holding;

  /**
   * @param target moto's endpoint
   * @param holdAction the action whose first request is held and never forwarded, or null
   */
  AwsRequestTap(URI target, String holdAction) throws IOException {
    this.target = target;
    this.holdAction = holdAction;
    this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  /** The endpoint the operator is given (AWS_ENDPOINT_URL). */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  synchronized List<Call> calls() {
    return List.copyOf(calls);
  }

  /** Waits until a request of the hold action arrived; its stack, or empty on timeout. */
  Optional<String> awaitHeld(Duration timeout) throws InterruptedException {
    return held.await(timeout.toMillis(), TimeUnit.MILLISECONDS)
        ? Optional.ofNullable(heldStack)
        : Optional.empty();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      byte[] body = exchange.getRequestBody().readAllBytes();
      String method = exchange.getRequestMethod().toUpperCase(Locale.ROOT);
      Map<String, String> form = form(exchange, body);
      String action = action(exchange, form, method);
      String stack = form.getOrDefault("StackName", "");
      Instant at = Instant.now();
      if (holdAction != null && holdAction.equals(action) && takeHold()) {
        heldStack = stack;
        held.countDown();
        record(new Call(at, service(exchange), action, stack, 0, false));
        awaitQuietly(dropHeld); // the replica is killed meanwhile; its connection dies with it
        return;
      }
      HttpResponse<byte[]> response = forward(exchange, method, body);
      record(new Call(at, service(exchange), action, stack, response.statusCode(), true));
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] answer = response.body();
      boolean empty = answer.length == 0 || method.equals("HEAD");
      exchange.sendResponseHeaders(response.statusCode(), empty ? -1 : answer.length);
      if (!empty) {
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(answer);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private synchronized boolean takeHold() {
    if (holding) {
      return false;
    }
    holding = true;
    return true;
  }

  private synchronized void record(Call call) {
    calls.add(call);
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String method, byte[] body)
      throws IOException, InterruptedException {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
            .timeout(Duration.ofSeconds(60))
            .method(
                method,
                body.length == 0
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body));
    exchange
        .getRequestHeaders()
        .forEach(
            (name, values) -> {
              if (!RESTRICTED.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(value -> request.header(name, value));
              }
            });
    return moto.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Query-protocol services (CloudFormation, STS, SQS query) post their parameters as a form. */
  private static Map<String, String> form(HttpExchange exchange, byte[] body) {
    String type = exchange.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
      return Map.of();
    }
    Map<String, String> form = new HashMap<>();
    for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  /** The operation: Action (query), X-Amz-Target (JSON), else the HTTP method (S3's REST). */
  private static String action(HttpExchange exchange, Map<String, String> form, String method) {
    if (form.containsKey("Action")) {
      return form.get("Action");
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target != null) {
      return target.substring(target.lastIndexOf('.') + 1);
    }
    Matcher rpc = RPC_V2.matcher(exchange.getRequestURI().getPath());
    if (rpc.matches()) {
      return rpc.group(1);
    }
    return method + " " + exchange.getRequestURI().getPath();
  }

  private static String service(HttpExchange exchange) {
    String authorization = exchange.getRequestHeaders().getFirst("Authorization");
    if (authorization != null) {
      Matcher m = SERVICE.matcher(authorization);
      if (m.find()) {
        return m.group(1);
      }
    }
    return "unknown";
  }

  private static void awaitQuietly(CountDownLatch latch) throws InterruptedException {
    latch.await(10, TimeUnit.MINUTES);
  }

  @Override
  public void close() {
    dropHeld.countDown();
    server.stop(0);
    threads.shutdownNow();
  }
}
