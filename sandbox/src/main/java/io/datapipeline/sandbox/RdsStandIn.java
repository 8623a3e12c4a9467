package io.datapipeline.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.datapipeline.api.v1alpha1.DataPipeline;
import java.security.SecureRandom;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.ResourceExistsException;

/**
 * Stands in for RDS: once the operator reports a pipeline's database stack complete (moto's RDS
 * runs no database), gives the pipeline a database and owner role in the local PostgreSQL, and puts
 * its credentials into moto's Secrets Manager in the pipeline's region, as RDS does with a managed
 * master password ({@code {"username": ..., "password": ...}}). A second secret holds the read-only
 * {@code grafana_reader} credentials the converter grants.
 *
 * <p>When a pipeline is gone, its database goes with it if it was created with {@code
 * database.deletionPolicy: Delete} (both secrets too, without a recovery window), as RDS and
 * CloudFormation would; with {@code Snapshot} or {@code Retain} it is kept.
 */
final class RdsStandIn {

  private static final Logger LOG = LoggerFactory.getLogger(RdsStandIn.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SecureRandom RANDOM = new SecureRandom();

  /** What the converter needs to reach a pipeline's stand-in database. */
  record StandInDatabase(
      String key,
      String region,
      DatabaseCredentials credentials,
      String secretArn,
      String readerSecretArn,
      boolean deleteWithPipeline) {}

  private final LocalPostgres postgres;
  private final AwsClients aws;
  private final StateFile stateFile;
  private final String defaultRegion;
  private final Map<String, StandInDatabase> byUid = new ConcurrentHashMap<>();

  RdsStandIn(LocalPostgres postgres, AwsClients aws, StateFile stateFile, String defaultRegion) {
    this.postgres = postgres;
    this.aws = aws;
    this.stateFile = stateFile;
    this.defaultRegion = defaultRegion;
  }

  /** Provisions a database for every pipeline whose database stack completed, once per pipeline. */
  void sync(Iterable<DataPipeline> pipelines) {
    Set<String> present = new HashSet<>();
    for (DataPipeline pipeline : pipelines) {
      String uid = pipeline.getMetadata().getUid();
      present.add(uid);
      if (byUid.containsKey(uid) || !Pipelines.stackSettled(pipeline, "database")) {
        continue;
      }
      byUid.put(uid, provision(pipeline));
    }
    for (String uid : Set.copyOf(byUid.keySet())) {
      if (!present.contains(uid)) {
        release(byUid.remove(uid));
      }
    }
  }

  private void release(StandInDatabase database) {
    if (!database.deleteWithPipeline()) {
      LOG.info(
          "{}: pipeline deleted; stand-in database {} kept (deletionPolicy is not Delete)",
          database.key(),
          database.credentials().database());
      return;
    }
    postgres.dropDatabase(database.credentials().database());
    SecretsManagerClient secrets = aws.secretsManager(database.region());
    for (String secret : List.of(database.secretArn(), database.readerSecretArn())) {
      secrets.deleteSecret(b -> b.secretId(secret).forceDeleteWithoutRecovery(true));
    }
    stateFile.removePipeline(database.key());
    LOG.info(
        "{}: pipeline deleted with deletionPolicy Delete; stand-in database {} and its secrets"
            + " removed",
        database.key(),
        database.credentials().database());
  }

  Optional<StandInDatabase> database(DataPipeline pipeline) {
    return Optional.ofNullable(byUid.get(pipeline.getMetadata().getUid()));
  }

  private StandInDatabase provision(DataPipeline pipeline) {
    String namespace = pipeline.getMetadata().getNamespace();
    String name = pipeline.getMetadata().getName();
    String region = Pipelines.region(pipeline, defaultRegion);
    DatabaseCredentials credentials =
        postgres.ensureDatabase(SqlNames.databaseName(namespace, name));
    String prefix = "datapipeline-sandbox/" + namespace + "/" + name + "/";
    SecretsManagerClient secrets = aws.secretsManager(region);
    String secretArn =
        putSecret(
            secrets,
            prefix + "master",
            Map.of(
                "username", credentials.username(),
                "password", credentials.password(),
                "engine", "postgres",
                "host", credentials.host(),
                "port", credentials.port(),
                "dbname", credentials.database()));
    String readerSecretArn =
        putSecret(
            secrets,
            prefix + "reader",
            Map.of("username", "grafana_reader", "password", randomPassword()));
    stateFile.putPipeline(
        Pipelines.key(pipeline),
        new StateFile.PipelineDatabase(
            region,
            credentials.jdbcUrl(),
            credentials.database(),
            credentials.username(),
            credentials.password(),
            secretArn));
    LOG.info(
        "{}: database stack complete; stand-in database {} (secret {})",
        Pipelines.key(pipeline),
        credentials.jdbcUrl(),
        secretArn);
    var database = pipeline.getSpec() == null ? null : pipeline.getSpec().database;
    boolean deleteWithPipeline =
        database != null
            && database.deletionPolicy != null
            && "Delete".equals(database.deletionPolicy.name());
    return new StandInDatabase(
        Pipelines.key(pipeline),
        region,
        credentials,
        secretArn,
        readerSecretArn,
        deleteWithPipeline);
  }

  private static String putSecret(SecretsManagerClient secrets, String name, Map<String, ?> value) {
    String json;
    try {
      json = JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    try {
      return secrets.createSecret(b -> b.name(name).secretString(json)).arn();
    } catch (ResourceExistsException e) {
      return secrets.putSecretValue(b -> b.secretId(name).secretString(json)).arn();
    }
  }

  private static String randomPassword() {
    byte[] bytes = new byte[18];
    RANDOM.nextBytes(bytes);
    return HexFormat.of().formatHex(bytes);
  }
}
