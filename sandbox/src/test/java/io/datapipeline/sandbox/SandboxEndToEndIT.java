package io.datapipeline.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.cloudformation.model.CloudFormationException;
import software.amazon.awssdk.services.cloudformation.model.StackStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The README's walkthrough, end to end, with the real tools: the sandbox jar, kubectl, the AWS CLI;
 * then the data checked where it lands (PostgreSQL, DynamoDB, S3 read back by DuckDB).
 */
class SandboxEndToEndIT {

  private static final Path MANIFEST = Path.of("examples/weather.yaml");
  private static final Path CSV = Path.of("examples/seattle-weather.csv");
  private static final String NAMESPACE = "sandbox";
  private static final String REGION = "eu-west-1";

  @TempDir Path dir;

  @Test
  void appliedPipelineLoadsAnUploadedCsvEverywhereAndDeleteRemovesItsStacks() throws Exception {
    long dataRows = Files.readAllLines(CSV).size() - 1;
    try (SandboxProcess sandbox = SandboxProcess.start(dir.resolve("work"))) {
      StateFile.State state = sandbox.state();
      Kubectl kubectl = new Kubectl(Path.of(state.kubeconfig()));

      kubectl.run("create", "namespace", NAMESPACE).requireSuccess();
      kubectl.run("apply", "-f", MANIFEST.toString()).requireSuccess();
      kubectl
          .run("wait", "--for=condition=Ready", "dp/weather", "-n", NAMESPACE, "--timeout=180s")
          .requireSuccess();
      String bucket = jsonPath(kubectl, "{.status.outputs.bucketName}");
      String table = jsonPath(kubectl, "{.status.outputs.tableName}");
      assertThat(jsonPath(kubectl, "{.status.outputs.databasePort}"))
          .as("the stand-in PostgreSQL's port, not moto's 3306")
          .isEqualTo(String.valueOf(state.postgresPort()));
      String listed = kubectl.run("get", "dp", "-n", NAMESPACE).requireSuccess().stdout();
      assertThat(listed.lines().findFirst().orElse(""))
          .contains("NAME", "READY", "REASON", "BUCKET", "DASHBOARD", "AGE");
      assertThat(listed).contains("weather", "True", "AllStacksComplete", bucket);
      assertThat(
              kubectl.run("describe", "dp", "weather", "-n", NAMESPACE).requireSuccess().stdout())
          .as("the operator's Events")
          .contains("Events:", "datapipeline-operator");

      aws(state, "s3", "cp", CSV.toString(), "s3://" + bucket + "/incoming/").requireSuccess();

      StateFile.PipelineDatabase database =
          StateFile.read(sandbox.workDir().resolve("state.json"))
              .pipelines()
              .get("sandbox/weather");
      assertThat(database).as("stand-in database in the state file").isNotNull();
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> count(database, "select count(*) from pipeline_loads") > 0);
      assertThat(count(database, "select count(*) from pipeline_loads where status = 'success'"))
          .isEqualTo(1);
      assertThat(count(database, "select count(*) from weather")).isEqualTo(dataRows);

      try (S3Client s3 = s3(state);
          DynamoDbClient dynamoDb = dynamoDb(state)) {
        long items =
            dynamoDb.scanPaginator(b -> b.tableName(table).select(Select.COUNT)).stream()
                .mapToLong(page -> page.count())
                .sum();
        assertThat(items).isEqualTo(dataRows);

        S3Object parquet = only(s3, bucket, "parquet/");
        S3Object jsonLines = only(s3, bucket, "json/");
        assertThat(parquet.key()).endsWith(".parquet");
        Path local = dir.resolve("weather.parquet");
        s3.getObject(b -> b.bucket(bucket).key(parquet.key()), local);
        assertThat(duckDbCount(local)).isEqualTo(dataRows);
        String json =
            s3.getObjectAsBytes(b -> b.bucket(bucket).key(jsonLines.key())).asUtf8String();
        assertThat(json.lines().count()).isEqualTo(dataRows);

        // The same key uploaded again with fewer rows: the new version replaces the old one in
        // every sink (PostgreSQL, DynamoDB, Parquet, JSON Lines), no row of the old one stays.
        long fewer = 100;
        Path shorter = dir.resolve("seattle-weather.csv");
        Files.write(shorter, Files.readAllLines(CSV).subList(0, (int) fewer + 1));
        uploadAndAwaitLoads(state, shorter, "s3://" + bucket + "/incoming/", database, 2);
        assertThat(count(database, "select count(*) from pipeline_loads where status = 'success'"))
            .isEqualTo(2);
        assertThat(count(database, "select count(*) from weather")).isEqualTo(fewer);
        assertThat(
                dynamoDb.scanPaginator(b -> b.tableName(table).select(Select.COUNT)).stream()
                    .mapToLong(page -> page.count())
                    .sum())
            .isEqualTo(fewer);
        assertThat(only(s3, bucket, "parquet/").key()).isEqualTo(parquet.key());
        Path replaced = dir.resolve("weather-replaced.parquet");
        s3.getObject(b -> b.bucket(bucket).key(parquet.key()), replaced);
        assertThat(duckDbCount(replaced)).isEqualTo(fewer);
        assertThat(
                s3.getObjectAsBytes(b -> b.bucket(bucket).key(only(s3, bucket, "json/").key()))
                    .asUtf8String()
                    .lines()
                    .count())
            .isEqualTo(fewer);

        Path malformed = dir.resolve("malformed.csv");
        Files.writeString(
            malformed,
            "date,precipitation,temp_max,temp_min,wind,weather\n"
                + "2016-01-01,0.0,10.0,2.0,3.0,sun\n"
                + "not-a-date,abc,10.0,2.0,3.0,rain\n");
        // The load is done when it is audited; rejected/ is written before the rows commit.
        uploadAndAwaitLoads(
            state, malformed, "s3://" + bucket + "/incoming/malformed.csv", database, 3);
        assertThat(s3.listObjectsV2(b -> b.bucket(bucket).prefix("rejected/")).contents())
            .as("the bad row quarantined under rejected/")
            .isNotEmpty();
        assertThat(count(database, "select count(*) from weather")).isEqualTo(fewer + 1);
      }

      // dashboard.enabled true -> false: the dashboard stack comes, then goes, the pipeline Ready.
      try (CloudFormationClient cloudFormation = cloudFormation(state)) {
        setDashboard(kubectl, true);
        String dashboardPath = "{.status.stacks[?(@.component==\"dashboard\")].stackName}";
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(2))
            .until(() -> settled(kubectl) && !read(kubectl, dashboardPath).isEmpty());
        // Its name as the naming scheme made it, from the status.
        String dashboardStack = read(kubectl, dashboardPath);
        assertThat(stackGone(cloudFormation, dashboardStack))
            .as("dashboard stack created")
            .isFalse();

        setDashboard(kubectl, false);
        await()
            .atMost(Duration.ofSeconds(180))
            .pollInterval(Duration.ofSeconds(2))
            .until(
                () ->
                    settled(kubectl)
                        && !stackNames(kubectl).contains(dashboardStack)
                        && stackGone(cloudFormation, dashboardStack));
        assertThat(
                kubectl.run("describe", "dp", "weather", "-n", NAMESPACE).requireSuccess().stdout())
            .as("the removal announced")
            .contains("ComponentRemoved");
      }

      List<String> stacks =
          Pipelines.stackNames(
              kubectl
                  .run("get", "dp", "weather", "-n", NAMESPACE, "-o", "json")
                  .requireSuccess()
                  .stdout());
      assertThat(stacks).hasSize(5);
      // kubectl waits for the finalizer: the operator removes the stacks, then releases it.
      kubectl.run("delete", "dp", "weather", "-n", NAMESPACE, "--timeout=120s").requireSuccess();
      assertThat(kubectl.run("get", "dp", "-n", NAMESPACE, "-o", "name").requireSuccess().stdout())
          .isBlank();
      try (CloudFormationClient cloudFormation = cloudFormation(state)) {
        for (String stack : stacks) {
          assertThat(stackGone(cloudFormation, stack)).as("%s deleted", stack).isTrue();
        }
      }
      // moto forgets a deleted stack's events: that is no reason to warn that a stack (the
      // network's, whose template keeps nothing) may have kept resources.
      assertThat(
              kubectl
                  .run(
                      "get",
                      "events",
                      "-n",
                      NAMESPACE,
                      "-o",
                      "jsonpath={range .items[?(@.type==\"Warning\")]}{.reason}{\": \"}"
                          + "{.message}{\"\\n\"}{end}")
                  .requireSuccess()
                  .stdout())
          .as("Warning Events of the deletion")
          .doesNotContain("Retained");
      // deletionPolicy: Delete: the stand-in database and its secrets go with the pipeline.
      await()
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () ->
                  !StateFile.read(sandbox.workDir().resolve("state.json"))
                      .pipelines()
                      .containsKey("sandbox/weather"));
      assertThatThrownBy(() -> count(database, "select 1"))
          .as("database dropped")
          .isInstanceOf(SQLException.class);
      assertThat(
              aws(state, "secretsmanager", "describe-secret", "--secret-id", database.secretArn())
                  .exitCode())
          .as("master secret deleted")
          .isNotZero();
    }
  }

  private static void setDashboard(Kubectl kubectl, boolean enabled) {
    kubectl.mergePatchPipeline(
        NAMESPACE, "weather", "{\"spec\":{\"dashboard\":{\"enabled\":" + enabled + "}}}");
  }

  /** The operator has seen the current spec and every stack is as it says. */
  private static boolean settled(Kubectl kubectl) {
    String generation = read(kubectl, "{.metadata.generation}");
    String observed = read(kubectl, "{.status.observedGeneration}");
    String ready = read(kubectl, "{.status.conditions[?(@.type==\"Ready\")].status}");
    return generation.equals(observed) && ready.equals("True");
  }

  private static String read(Kubectl kubectl, String path) {
    return kubectl
        .run("get", "dp", "weather", "-n", NAMESPACE, "-o", "jsonpath=" + path)
        .requireSuccess()
        .stdout()
        .trim();
  }

  private static List<String> stackNames(Kubectl kubectl) {
    return Pipelines.stackNames(
        kubectl
            .run("get", "dp", "weather", "-n", NAMESPACE, "-o", "json")
            .requireSuccess()
            .stdout());
  }

  private static String jsonPath(Kubectl kubectl, String path) {
    String value =
        kubectl
            .run("get", "dp", "weather", "-n", NAMESPACE, "-o", "jsonpath=" + path)
            .requireSuccess()
            .stdout();
    assertThat(value).as(path).isNotBlank();
    return value;
  }

  private static Kubectl.Result aws(StateFile.State state, String... args) {
    List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", state.awsEndpoint()));
    command.addAll(List.of(args));
    return Commands.run(
        command,
        Map.of(
            "AWS_ACCESS_KEY_ID", state.awsAccessKeyId(),
            "AWS_SECRET_ACCESS_KEY", state.awsSecretAccessKey(),
            "AWS_DEFAULT_REGION", REGION),
        120);
  }

  /** Uploads {@code file} to {@code s3Url}, then waits until {@code loads} loads are audited. */
  private static void uploadAndAwaitLoads(
      StateFile.State state,
      Path file,
      String s3Url,
      StateFile.PipelineDatabase database,
      long loads) {
    aws(state, "s3", "cp", file.toString(), s3Url).requireSuccess();
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> count(database, "select count(*) from pipeline_loads") == loads);
  }

  private static long count(StateFile.PipelineDatabase database, String query) throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                database.jdbcUrl(), database.username(), database.password());
        Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery(query)) {
      row.next();
      return row.getLong(1);
    } catch (SQLException e) {
      if ("42P01".equals(e.getSQLState())) { // the converter has not created the table yet
        return 0;
      }
      throw e;
    }
  }

  private static long duckDbCount(Path parquet) throws SQLException {
    try (Connection duck = DriverManager.getConnection("jdbc:duckdb:");
        Statement statement = duck.createStatement();
        ResultSet row =
            statement.executeQuery(
                "select count(*) from read_parquet('"
                    + parquet.toString().replace("'", "''")
                    + "')")) {
      row.next();
      return row.getLong(1);
    }
  }

  private static S3Object only(S3Client s3, String bucket, String prefix) {
    List<S3Object> objects = s3.listObjectsV2(b -> b.bucket(bucket).prefix(prefix)).contents();
    assertThat(objects).as("objects under %s", prefix).hasSize(1);
    return objects.get(0);
  }

  private static boolean stackGone(CloudFormationClient cloudFormation, String name) {
    try {
      return cloudFormation.describeStacks(b -> b.stackName(name)).stacks().stream()
          .allMatch(s -> s.stackStatus() == StackStatus.DELETE_COMPLETE);
    } catch (CloudFormationException e) {
      return e.getMessage().contains("does not exist");
    }
  }

  private static S3Client s3(StateFile.State state) {
    return client(S3Client.builder().forcePathStyle(true), state);
  }

  private static DynamoDbClient dynamoDb(StateFile.State state) {
    return client(DynamoDbClient.builder(), state);
  }

  private static CloudFormationClient cloudFormation(StateFile.State state) {
    return client(CloudFormationClient.builder(), state);
  }

  /** {@code builder}'s client for the sandbox's moto, with the keys its state file gives. */
  private static <B extends AwsClientBuilder<B, C>, C> C client(B builder, StateFile.State state) {
    return builder
        .endpointOverride(URI.create(state.awsEndpoint()))
        .region(Region.of(REGION))
        .credentialsProvider(credentials(state))
        .build();
  }

  private static StaticCredentialsProvider credentials(StateFile.State state) {
    return StaticCredentialsProvider.create(
        AwsBasicCredentials.create(state.awsAccessKeyId(), state.awsSecretAccessKey()));
  }
}
