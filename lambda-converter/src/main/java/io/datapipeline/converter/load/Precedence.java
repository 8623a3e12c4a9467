package io.datapipeline.converter.load;

/** How an event's object version stands against what was loaded for its key before. */
public enum Precedence {
  /** Newer than anything loaded for the key (or the first): load it. */
  NEW,
  /** Exactly this version was loaded already (a redelivered event): nothing to do. */
  ALREADY_LOADED,
  /** A newer event of the key was loaded already (a late retry): skip it, audited superseded. */
  SUPERSEDED,
  /**
   * Exactly this version failed before on its content (empty, not UTF-8, bad header, a bad row
   * under Fail): it can never load, so it fails again at once, without a second audit row.
   */
  FAILED_PERMANENTLY
}
