package io.datapipeline.testsupport;

import io.datapipeline.standins.MotoServer;
import java.net.URI;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.core.client.builder.SdkSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * JUnit 5 extension: one {@code moto_server} per test run (shared by every test class through the
 * root store), reset before each test, and AWS SDK v2 clients pointed at it.
 *
 * <pre>{@code
 * @ExtendWith(MotoExtension.class)
 * class BucketIT {
 *   @Test
 *   void createsBucket(MotoAws aws) {
 *     S3Client s3 = aws.client(S3Client.builder());
 *   }
 * }
 * }</pre>
 */
public final class MotoExtension implements BeforeEachCallback, ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
      ExtensionContext.Namespace.create(MotoExtension.class);

  @Override
  public void beforeEach(ExtensionContext context) {
    server(context).reset();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    Class<?> type = parameter.getParameter().getType();
    return type == MotoAws.class || type == MotoServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context)
      throws ParameterResolutionException {
    MotoServer server = server(context);
    return parameter.getParameter().getType() == MotoServer.class ? server : new MotoAws(server);
  }

  private static MotoServer server(ExtensionContext context) {
    // The root store closes the server (AutoCloseable) when the whole test run ends.
    return context
        .getRoot()
        .getStore(NAMESPACE)
        .getOrComputeIfAbsent(MotoServer.class, key -> MotoServer.start(), MotoServer.class);
  }

  /** Hands out AWS SDK v2 clients configured for the running {@code moto_server}. */
  public static final class MotoAws {
    public static final Region REGION = Region.EU_WEST_1;
    private final MotoServer server;

    MotoAws(MotoServer server) {
      this.server = server;
    }

    public URI endpoint() {
      return server.endpoint();
    }

    public Region region() {
      return REGION;
    }

    public MotoServer server() {
      return server;
    }

    /** Builds {@code builder}'s client against moto with dummy static credentials. */
    public <B extends AwsClientBuilder<B, C>, C extends SdkClient> C client(B builder) {
      configure(builder);
      return builder.build();
    }

    /** Points {@code builder} at moto without building it, for callers that add more settings. */
    public <B extends AwsClientBuilder<B, C>, C extends SdkClient> B configure(B builder) {
      builder
          .endpointOverride(server.endpoint())
          .region(REGION)
          .credentialsProvider(
              StaticCredentialsProvider.create(AwsBasicCredentials.create("testing", "testing")));
      if (builder instanceof SdkSyncClientBuilder<?, ?> sync) {
        sync.httpClientBuilder(UrlConnectionHttpClient.builder());
      }
      return builder;
    }
  }
}
