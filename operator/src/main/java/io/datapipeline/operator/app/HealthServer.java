package io.datapipeline.operator.app;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datapipeline.operator.threads.DaemonThreads;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** A tiny HTTP server for probes (/healthz, /readyz) or metrics (/metrics). */
final class HealthServer implements AutoCloseable {

  private final HttpServer server;

  private HttpServer serverFor(int port) {
    try {
      return HttpServer.create(new InetSocketAddress(port), 0);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot listen on port " + port, e);
    }
  }

  /**
   * @param checks path to "healthy?"
   */
  HealthServer(int port, Map<String, BooleanSupplier> checks, Map<String, Supplier<String>> pages) {
    this.server = serverFor(port);
    checks.forEach(
        (path, check) ->
            server.createContext(
                path,
                exchange -> {
                  boolean ok = check.getAsBoolean();
                  respond(exchange, ok ? 200 : 503, ok ? "ok\n" : "not ready\n", "text/plain");
                }));
    pages.forEach(
        (path, page) ->
            server.createContext(
                path,
                exchange ->
                    respond(
                        exchange, 200, page.get(), "text/plain; version=0.0.4; charset=utf-8")));
    server.setExecutor(Executors.newSingleThreadExecutor(DaemonThreads.named("http-" + port)));
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void respond(HttpExchange exchange, int code, String body, String type)
      throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
