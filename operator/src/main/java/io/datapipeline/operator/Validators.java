package io.datapipeline.operator;

/** The production spec validator. */
final class Validators {

  private Validators() {}

  static SpecValidator standard() {
    // io.datapipeline.api.validation.ManifestValidator is wired in here once it is on main.
    return SpecValidator.none();
  }
}
