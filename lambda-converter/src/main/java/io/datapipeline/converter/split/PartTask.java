package io.datapipeline.converter.split;

/**
 * One range of a split object to load, as the split queue carries it: the split's id and the part's
 * index (the rest is in the ledger), the object named for whoever reads a failed message.
 */
public record PartTask(long split, int part, String bucket, String key, String version) {}
