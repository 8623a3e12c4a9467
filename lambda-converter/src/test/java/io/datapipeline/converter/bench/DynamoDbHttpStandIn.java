package io.datapipeline.converter.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.datapipeline.converter.dynamodb.ThrottlingTableStandIn;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A DynamoDB endpoint that answers every BatchWriteItem after DynamoDB's latency (a uniform draw
 * between two bounds, 5-10 ms for 25 items) with nothing unprocessed, over HTTP in the benchmark's
 * own JVM: the client side then runs whole (the SDK's JSON marshalling, SigV4 signing, HTTP,
 * response parsing), which {@code ThrottlingTableStandIn} behind {@code ItemWrites} skips, and
 * moto_server is too slow to load. It never throttles (that is the other stand-in's job): what it
 * measures is the client's CPU per item, with the threads it serves on excluded ({@link
 * #serverCpuNanos}). It counts the put requests it received.
 */
final class DynamoDbHttpStandIn implements AutoCloseable {

  private static final byte[] PUT_REQUEST = "\"PutRequest\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NOTHING_UNPROCESSED =
      "{\"UnprocessedItems\":{}}".getBytes(StandardCharsets.US_ASCII);

  private final HttpServer server;
  private final ExecutorService pool;
  private final List<Thread> serving = new CopyOnWriteArrayList<>();
  private final AtomicLong puts = new AtomicLong();
  private final long minLatencyMicros;
  private final long maxLatencyMicros;

  DynamoDbHttpStandIn(int threads, long minLatencyMicros, long maxLatencyMicros)
      throws IOException {
    this.minLatencyMicros = minLatencyMicros;
    this.maxLatencyMicros = maxLatencyMicros;
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "standin-http");
              t.setDaemon(true);
              serving.add(t);
              return t;
            });
    this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    server.setExecutor(pool);
    server.createContext("/", this::serve);
    server.start();
  }

  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  long puts() {
    return puts.get();
  }

  /** CPU time of the threads that served requests and of the server's dispatcher. */
  long serverCpuNanos() {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long sum = 0;
    for (Thread t : serving) {
      sum += Math.max(0, threads.getThreadCpuTime(t.getId()));
    }
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().startsWith("HTTP-Dispatcher")) {
        sum += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return sum;
  }

  private void serve(HttpExchange exchange) throws IOException {
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
    if (target == null || !target.endsWith(".BatchWriteItem")) {
      exchange.sendResponseHeaders(400, -1);
      exchange.close();
      return;
    }
    puts.addAndGet(count(body, PUT_REQUEST));
    ThrottlingTableStandIn.sleepBetween(minLatencyMicros, maxLatencyMicros);
    exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
    exchange.sendResponseHeaders(200, NOTHING_UNPROCESSED.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(NOTHING_UNPROCESSED);
    }
  }

  private static int count(byte[] haystack, byte[] needle) {
    int n = 0;
    outer:
    for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      n++;
    }
    return n;
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
