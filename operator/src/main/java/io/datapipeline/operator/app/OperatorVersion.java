package io.datapipeline.operator.app;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The operator's version as the build wrote it (the filtered {@code version.properties}): the tag
 * of its default converter and Grafana images, so an upgraded operator deploys its own images.
 */
public final class OperatorVersion {

  private static final String RESOURCE = "/io/datapipeline/operator/version.properties";
  private static final String VERSION = read();

  private OperatorVersion() {}

  public static String current() {
    return VERSION;
  }

  private static String read() {
    try (InputStream in = OperatorVersion.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the operator's classpath");
      }
      Properties properties = new Properties();
      properties.load(in);
      String version = properties.getProperty("version", "");
      if (version.isBlank() || version.contains("${")) {
        // Only a build that skipped Maven's resource filtering gets here.
        throw new IllegalStateException(
            RESOURCE + " was not filtered by the build (version=" + version + ")");
      }
      return version;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
