package io.datapipeline.testsupport;

import static io.datapipeline.converter.contract.ConverterSetting.DB_HOST;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SECRET_ARN;
import static io.datapipeline.converter.contract.ConverterSetting.DB_SSL_MODE;
import static io.datapipeline.converter.contract.ConverterSetting.DB_TABLE;
import static io.datapipeline.converter.contract.ConverterSetting.SCHEMA_JSON;

import java.util.HashMap;
import java.util.Map;

/**
 * The environment of a converter that a test runs in-process and hands its PostgreSQL connections
 * (a connection source instead of a host): what the converter needs to start with a data table,
 * none of it reaching a database.
 */
public final class ConverterEnvironment {

  private ConverterEnvironment() {}

  /**
   * {@code SCHEMA_JSON}, {@code DB_TABLE} and the connection settings the given connections make
   * moot; a mutable map, for the test's other variables.
   */
  public static Map<String, String> givenDatabase(String schemaJson, String table) {
    Map<String, String> env = new HashMap<>();
    env.put(SCHEMA_JSON.variable(), schemaJson);
    env.put(DB_HOST.variable(), "embedded");
    env.put(DB_SECRET_ARN.variable(), "unused: the connection source is given");
    env.put(DB_TABLE.variable(), table);
    env.put(DB_SSL_MODE.variable(), "disable");
    return env;
  }
}
