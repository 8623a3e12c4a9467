package io.datapipeline.converter.dynamodb;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The DynamoDB key of a keyless schema's item (docs/contracts.md "DynamoDB item key"): a row is
 * identified by its source object and line, so the partition key is {@code _dp_partition = <sha-256
 * of the source key, first 16 bytes in hex>#<line mod 64>} and the sort key is {@code _dp_line}.
 * The hash keeps the key short whatever the object key's length; the line modulo 64 spreads one
 * file's consecutive rows over 64 partition key values, so loading a large file never makes one hot
 * partition (DynamoDB serves about 1,000 writes per second per key value), while all rows of an
 * object remain 64 Queries away, each sorted by line.
 */
public final class KeylessItemKey {

  public static final String PARTITION = "_dp_partition";
  public static final String SORT = "_dp_line";
  public static final int SHARDS = 64;

  private final String objectHash;

  public KeylessItemKey(String sourceKey) {
    this.objectHash = objectHash(sourceKey);
  }

  /** The partition key value of {@code line} of this object. */
  public String partition(long line) {
    return objectHash + "#" + Math.floorMod(line, SHARDS);
  }

  /** The item key of {@code line} of this object. */
  public Map<String, AttributeValue> itemKey(long line) {
    return Map.of(
        PARTITION, AttributeValue.fromS(partition(line)),
        SORT, AttributeValue.fromN(Long.toString(line)));
  }

  /** Bytes the partition attribute adds to an item (name and value). */
  int partitionBytes() {
    return PARTITION.length() + objectHash.length() + 3;
  }

  static String objectHash(String sourceKey) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(sourceKey.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
    }
  }
}
