package io.datapipeline.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * EC2's query API against moto by hand: the tests need a few Describe and Create calls, not the
 * SDK's largest client on the test classpath. moto routes by the credential scope's service and
 * does not check signatures.
 */
public final class Ec2Query {

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final URI endpoint;

  public Ec2Query(URI endpoint) {
    this.endpoint = endpoint;
  }

  /**
   * The distinct {@code <idElement>} values {@code action} answers, filtered on {@code filterName =
   * filterValue} (no filter when the name is null), e.g. {@code ids("DescribeVpcs", "vpc-id", id,
   * "vpcId")}.
   */
  public List<String> ids(String action, String filterName, String filterValue, String idElement) {
    String body =
        filterName == null
            ? call(action)
            : call(action, "Filter.1.Name", filterName, "Filter.1.Value.1", filterValue);
    List<String> ids = new ArrayList<>();
    Matcher m = Pattern.compile("<" + idElement + ">([^<]+)</" + idElement + ">").matcher(body);
    while (m.find()) {
      if (!ids.contains(m.group(1))) {
        ids.add(m.group(1));
      }
    }
    return ids;
  }

  /**
   * Calls {@code action} with the parameters given as name, value, name, value...
   *
   * @return the response's XML
   * @throws IllegalStateException when moto answers anything but HTTP 200, with its answer
   */
  public String call(String action, String... parameters) {
    StringBuilder form = new StringBuilder("Action=" + action + "&Version=2016-11-15");
    for (int i = 0; i + 1 < parameters.length; i += 2) {
      form.append('&')
          .append(parameters[i])
          .append('=')
          .append(URLEncoder.encode(parameters[i + 1], StandardCharsets.UTF_8));
    }
    HttpRequest request =
        HttpRequest.newBuilder(endpoint)
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header(
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=test/20260101/"
                    + MotoExtension.MotoAws.REGION.id()
                    + "/ec2/aws4_request, SignedHeaders=host, Signature=0")
            .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
            .build();
    try {
      HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 200) {
        throw new IllegalStateException(
            action + " answered HTTP " + response.statusCode() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new IllegalStateException(action + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(action + " interrupted", e);
    }
  }
}
