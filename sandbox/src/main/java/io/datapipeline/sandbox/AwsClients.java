package io.datapipeline.sandbox;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
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
    return get(
        "s3",
        region,
        () ->
            S3Client.builder()
                .forcePathStyle(true)
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  public CloudFormationClient cloudFormation(String region) {
    return get(
        "cloudformation",
        region,
        () ->
            CloudFormationClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  public SecretsManagerClient secretsManager(String region) {
    return get(
        "secretsmanager",
        region,
        () ->
            SecretsManagerClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  public DynamoDbClient dynamoDb(String region) {
    return get(
        "dynamodb",
        region,
        () ->
            DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  public LambdaClient lambda(String region) {
    return get(
        "lambda",
        region,
        () ->
            LambdaClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  public SqsClient sqs(String region) {
    return get(
        "sqs",
        region,
        () ->
            SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .build());
  }

  @Override
  public void close() {
    clients.values().forEach(SdkClient::close);
    clients.clear();
  }

  private static StaticCredentialsProvider credentials() {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
  }

  @SuppressWarnings("unchecked")
  private <T extends SdkClient> T get(
      String service, String region, java.util.function.Supplier<T> factory) {
    return (T) clients.computeIfAbsent(service + "@" + region, key -> factory.get());
  }
}
