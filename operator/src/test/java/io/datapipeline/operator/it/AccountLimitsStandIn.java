package io.datapipeline.operator.it;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.http.SdkHttpRequest;

/**
 * TEST STAND-IN for what moto cannot do: moto 5.2.1 does not implement CloudFormation's
 * DescribeAccountLimits (HTTP 500 NotImplementedError). This SDK interceptor sends that one
 * operation, and only it, to a small local HTTP server answering as CloudFormation does (the Query
 * protocol's XML) with a settable {@code StackLimit}; every other request goes to moto unchanged.
 * The request still leaves the process and passes the operator's counters and budget; the
 * operator's parsing of the answer is its production code.
 */
final class AccountLimitsStandIn implements ExecutionInterceptor, AutoCloseable {

  private final HttpServer server;
  private final AtomicInteger stackLimit;
  private final AtomicInteger answered = new AtomicInteger();

  AccountLimitsStandIn(int stackLimit) {
    this.stackLimit = new AtomicInteger(stackLimit);
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext(
        "/",
        exchange -> {
          byte[] body =
              """
              <DescribeAccountLimitsResponse \
              xmlns="http://cloudformation.amazonaws.com/doc/2010-05-15/">
                <DescribeAccountLimitsResult>
                  <AccountLimits>
                    <member><Name>StackLimit</Name><Value>%d</Value></member>
                    <member><Name>StackOutputsLimit</Name><Value>200</Value></member>
                  </AccountLimits>
                </DescribeAccountLimitsResult>
                <ResponseMetadata><RequestId>stand-in</RequestId></ResponseMetadata>
              </DescribeAccountLimitsResponse>
              """
                  .formatted(this.stackLimit.get())
                  .getBytes(StandardCharsets.UTF_8);
          exchange.getRequestBody().readAllBytes();
          exchange.getResponseHeaders().add("Content-Type", "text/xml");
          exchange.sendResponseHeaders(200, body.length);
          try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
          }
          answered.incrementAndGet();
        });
    server.start();
  }

  /** DescribeAccountLimits answers asked so far. */
  int answered() {
    return answered.get();
  }

  @Override
  public SdkHttpRequest modifyHttpRequest(
      Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
    if (!"CloudFormation".equals(attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME))
        || !"DescribeAccountLimits"
            .equals(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME))) {
      return context.httpRequest();
    }
    return context.httpRequest().toBuilder()
        .protocol("http")
        .host("127.0.0.1")
        .port(server.getAddress().getPort())
        .build();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
