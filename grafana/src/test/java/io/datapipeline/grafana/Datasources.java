package io.datapipeline.grafana;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** The datasources this image provisions, by uid (provisioning/datasources/*.yaml). */
final class Datasources {

  static final String POSTGRES_UID = "datapipeline-postgres";
  static final String CLOUDWATCH_UID = "datapipeline-cloudwatch";
  static final String POSTGRES_TYPE = "grafana-postgresql-datasource";
  static final String CLOUDWATCH_TYPE = "cloudwatch";
  static final String PROMETHEUS_TYPE = "prometheus";

  private Datasources() {}

  /** uid -> the datasource's provisioning entry. */
  static Map<String, JsonNode> provisioned() {
    Map<String, JsonNode> byUid = new LinkedHashMap<>();
    for (var file :
        GrafanaModule.listFiles(GrafanaModule.file("provisioning/datasources"), ".yaml")) {
      for (JsonNode ds : GrafanaModule.parseYaml(file).path("datasources")) {
        String uid = ds.path("uid").asText();
        if (byUid.put(uid, ds) != null) {
          throw new IllegalStateException("datasource uid '" + uid + "' is provisioned twice");
        }
      }
    }
    return byUid;
  }
}
