package io.datapipeline.operator.aws;

import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequest;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;

/**
 * The credentials one session signs its requests with. The SDK clients of an account and region are
 * shared by every session there (see {@link AccountClients}), so each request names its session's
 * credentials.
 */
public final class SessionCredentials {

  private static final SessionCredentials CLIENT_DEFAULT = new SessionCredentials(null);

  private final AwsRequestOverrideConfiguration override;

  private SessionCredentials(AwsRequestOverrideConfiguration override) {
    this.override = override;
  }

  /** Requests signed with whatever the client was built with (a client of one session). */
  public static SessionCredentials clientDefault() {
    return CLIENT_DEFAULT;
  }

  /** Requests signed with {@code credentials}, whatever the client's own. */
  public static SessionCredentials of(AwsCredentialsProvider credentials) {
    return new SessionCredentials(
        AwsRequestOverrideConfiguration.builder().credentialsProvider(credentials).build());
  }

  /** {@code request}, to be signed with this session's credentials. */
  @SuppressWarnings("unchecked") // every generated request builder returns itself
  public <B extends AwsRequest.Builder> B on(B request) {
    return override == null ? request : (B) request.overrideConfiguration(override);
  }

  /**
   * The default credentials of a client shared by sessions that each name their own: a request that
   * names none fails, rather than go out as the operator's own identity into a tenant's account.
   */
  static AwsCredentialsProvider noneNamed(String clients) {
    return new AwsCredentialsProvider() {
      @Override
      public AwsCredentials resolveCredentials() {
        throw new IllegalStateException(
            "a request of the shared clients of "
                + clients
                + " named no session's credentials (SessionCredentials.on was not applied)");
      }

      @Override
      public String toString() {
        return "no credentials (" + clients + ": each request names its session's)";
      }
    };
  }
}
