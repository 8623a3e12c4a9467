package io.datapipeline.converter.secrets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.GetSecretValueResponse;

/**
 * Reads {@code {"username": ..., "password": ...}} secrets, cached across invocations for a while
 * so a warm Lambda does not call Secrets Manager per file, refreshed early on rotation (an
 * authentication failure calls {@link #invalidate}).
 */
public final class SecretCredentials {

  /** A username, password and the secret version they came from. Never logged. */
  public record Credentials(String username, char[] password, String versionId) {
    @Override
    public String toString() {
      return "Credentials[username=" + username + ", password=***]";
    }
  }

  private record Cached(Credentials credentials, Instant fetched) {}

  private static final ObjectMapper JSON = new ObjectMapper();
  private final SecretsManagerClient secrets;
  private final Duration ttl;
  private final Clock clock;
  private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

  public SecretCredentials(SecretsManagerClient secrets, Duration ttl, Clock clock) {
    this.secrets = secrets;
    this.ttl = ttl;
    this.clock = clock;
  }

  public Credentials get(String secretArn) {
    Cached cached = cache.get(secretArn);
    if (cached != null && cached.fetched().plus(ttl).isAfter(clock.instant())) {
      return cached.credentials();
    }
    GetSecretValueResponse response = secrets.getSecretValue(b -> b.secretId(secretArn));
    Credentials credentials;
    try {
      JsonNode json = JSON.readTree(response.secretString());
      JsonNode username = json.get("username");
      JsonNode password = json.get("password");
      if (username == null || password == null) {
        throw new IllegalStateException(
            "secret " + secretArn + " must be JSON with \"username\" and \"password\"");
      }
      credentials =
          new Credentials(username.asText(), password.asText().toCharArray(), response.versionId());
    } catch (IOException e) {
      throw new IllegalStateException("secret " + secretArn + " is not JSON", e);
    }
    cache.put(secretArn, new Cached(credentials, clock.instant()));
    return credentials;
  }

  public void invalidate(String secretArn) {
    cache.remove(secretArn);
  }
}
