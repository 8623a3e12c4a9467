package io.datapipeline.render;

import static io.datapipeline.render.cfn.Json.obj;

import java.util.Map;

/** Settings every bucket of the project shares. */
final class Buckets {

  private Buckets() {}

  static Map<String, Object> blockAllPublicAccess() {
    return obj(
        "BlockPublicAcls", true,
        "BlockPublicPolicy", true,
        "IgnorePublicAcls", true,
        "RestrictPublicBuckets", true);
  }
}
