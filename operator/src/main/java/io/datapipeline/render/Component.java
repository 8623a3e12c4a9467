package io.datapipeline.render;

import java.util.Locale;

/** The parts of a pipeline, one CloudFormation stack each, in deployment order. */
public enum Component {
  NETWORK,
  DATABASE,
  TABLE,
  CONVERTER,
  STORAGE,
  DASHBOARD;

  /** The lower-case name used in stack names, tags, file names and status. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static Component fromId(String id) {
    return valueOf(id.toUpperCase(Locale.ROOT));
  }
}
