package io.datapipeline.render;

/** The ports the components talk on. */
final class Ports {
  static final int POSTGRES = 5432;
  static final int HTTPS = 443;
  static final int HTTP = 80;
  static final int GRAFANA = 3000;

  private Ports() {}
}
