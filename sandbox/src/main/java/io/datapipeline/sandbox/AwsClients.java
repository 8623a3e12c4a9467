package io.datapipeline.sandbox;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.core.SdkClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** AWS SDK clients pointed at moto_server, one of each per region, built once and shared. */
public final class AwsClients implements AutoCloseable {

  /** moto accepts any key; these are the ones the sandbox prints and writes to its state file. */
  public static final String ACCESS_KEY_ID = "testing";

  public static final String SECRET_ACCESS_KEY = "testing";

  private final URI endpoint;
  private final Map<String, SdkClient> clients = new ConcurrentHashMap<>();

  public AwsClients(URI endpoint) {
    this.endpoint = endpoint;
  }

  public URI endpoint() {
    return endpoint;
  }

  public S3Client s3(String region) {
    return get("s3", region, () -> build(S3Client.builder().forcePathStyle(true), region));
  }

  public CloudFormationClient cloudFormation(String region) {
    return get("cloudformation", region, () -> build(CloudFormationClient.builder(), region));
  }

  public SecretsManagerClient secretsManager(String region) {
    return get("secretsmanager", region, () -> build(SecretsManagerClient.builder(), region));
  }

  public DynamoDbClient dynamoDb(String region) {
    return get("dynamodb", region, () -> build(DynamoDbClient.builder(), region));
  }

  public LambdaClient lambda(String region) {
    return get("lambda", region, () -> build(LambdaClient.builder(), region));
  }

  public SqsClient sqs(String region) {
    return get("sqs", region, () -> build(SqsClient.builder(), region));
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    clients.clear();
  }

  /** {@code builder}'s client for moto in {@code region}, with the sandbox's keys. */
  private <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(
      B builder, String region) {
    return builder
        .endpointOverride(endpoint)
        .region(Region.of(region))
        .credentialsProvider(credentials())
        .httpClientBuilder(UrlConnectionHttpClient.builder())
        .build();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
  }

  @SuppressWarnings("unchecked")
  private <T extends SdkClient> T get(String service, String region, Supplier<T> factory) {
    return (T) clients.computeIfAbsent(service + "@" + region, key -> factory.get());
  }
}
