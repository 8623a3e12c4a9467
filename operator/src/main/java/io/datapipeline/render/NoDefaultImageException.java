package io.datapipeline.render;

import java.util.List;

/**
 * The spec names no image and the operator has no default for it: the spec can set one, but the fix
 * is usually the operator's configuration (CONVERTER_IMAGE / GRAFANA_IMAGE), so the render CLI
 * reports it apart from the manifest's own mistakes.
 */
public final class NoDefaultImageException extends InvalidSpecException {

  static final String PROBLEM = "is not set and the operator has no default image configured";

  /**
   * @param fields the image fields without a value, e.g. {@code spec.converter.image}
   */
  NoDefaultImageException(List<String> fields) {
    super(fields.stream().map(field -> new Problem(field, PROBLEM)).toList());
  }
}
