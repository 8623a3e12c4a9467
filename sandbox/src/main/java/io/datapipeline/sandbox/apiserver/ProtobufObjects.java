package io.datapipeline.sandbox.apiserver;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;

/**
 * Reads the protobuf bodies kubectl sends when it creates built-in objects ({@code kubectl create
 * namespace|secret|configmap}): the {@code k8s\0} envelope ({@code runtime.Unknown}) around a
 * Namespace, Secret or ConfigMap, of which the fields those commands set (name, labels,
 * annotations, data, type) become the JSON object the store takes. Anything else is refused with
 * 415, as before.
 */
final class ProtobufObjects {

  private static final byte[] MAGIC = {'k', '8', 's', 0};
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private ProtobufObjects() {}

  /** The object as JSON, or empty when the body is not one of the kinds read here. */
  static Optional<ObjectNode> read(byte[] body) {
    if (body.length < MAGIC.length || !Arrays.equals(Arrays.copyOf(body, 4), MAGIC)) {
      return Optional.empty();
    }
    Reader unknown = new Reader(body, MAGIC.length, body.length);
    String apiVersion = "";
    String kind = "";
    byte[] raw = new byte[0];
    while (unknown.more()) {
      int tag = unknown.tag();
      if (tag == 1) {
        Reader typeMeta = unknown.message();
        while (typeMeta.more()) {
          int field = typeMeta.tag();
          if (field == 1) {
            apiVersion = typeMeta.string();
          } else if (field == 2) {
            kind = typeMeta.string();
          } else {
            typeMeta.skip();
          }
        }
      } else if (tag == 2) {
        raw = unknown.bytes();
      } else {
        unknown.skip();
      }
    }
    if (!apiVersion.equals("v1")) {
      return Optional.empty();
    }
    ObjectNode object = NODES.objectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    Reader fields = new Reader(raw, 0, raw.length);
    switch (kind) {
      case "Namespace" -> {
        while (fields.more()) {
          if (fields.tag() == 1) {
            object.set("metadata", metadata(fields.message()));
          } else {
            fields.skip();
          }
        }
      }
      case "Secret" -> {
        while (fields.more()) {
          switch (fields.tag()) {
            case 1 -> object.set("metadata", metadata(fields.message()));
            case 2 -> mapEntry(fields.message(), object.with("data"), true);
            case 3 -> putNonEmpty(object, "type", fields.string());
            case 4 -> mapEntry(fields.message(), object.with("stringData"), false);
            default -> fields.skip();
          }
        }
      }
      case "ConfigMap" -> {
        while (fields.more()) {
          switch (fields.tag()) {
            case 1 -> object.set("metadata", metadata(fields.message()));
            case 2 -> mapEntry(fields.message(), object.with("data"), false);
            case 3 -> mapEntry(fields.message(), object.with("binaryData"), true);
            default -> fields.skip();
          }
        }
      }
      default -> {
        return Optional.empty();
      }
    }
    return Optional.of(object);
  }

  private static ObjectNode metadata(Reader meta) {
    ObjectNode metadata = NODES.objectNode();
    while (meta.more()) {
      switch (meta.tag()) {
        case 1 -> putNonEmpty(metadata, "name", meta.string());
        case 2 -> putNonEmpty(metadata, "generateName", meta.string());
        case 3 -> putNonEmpty(metadata, "namespace", meta.string());
        case 11 -> mapEntry(meta.message(), metadata.with("labels"), false);
        case 12 -> mapEntry(meta.message(), metadata.with("annotations"), false);
        case 14 -> metadata.withArray("finalizers").add(meta.string());
        default -> meta.skip();
      }
    }
    return metadata;
  }

  /** gogo-protobuf writes empty strings too; JSON leaves them out. */
  private static void putNonEmpty(ObjectNode object, String field, String value) {
    if (!value.isEmpty()) {
      object.put(field, value);
    }
  }

  /** One entry of a protobuf map (key 1, value 2); byte values become base64, as in JSON. */
  private static void mapEntry(Reader entry, ObjectNode target, boolean bytes) {
    String key = "";
    String value = "";
    while (entry.more()) {
      int field = entry.tag();
      if (field == 1) {
        key = entry.string();
      } else if (field == 2) {
        byte[] raw = entry.bytes();
        value =
            bytes
                ? Base64.getEncoder().encodeToString(raw)
                : new String(raw, StandardCharsets.UTF_8);
      } else {
        entry.skip();
      }
    }
    target.put(key, value);
  }

  /** The protobuf wire format, as far as these messages need it. */
  private static final class Reader {
    private final byte[] data;
    private int at;
    private final int end;
    private int wireType;

    Reader(byte[] data, int from, int end) {
      this.data = data;
      this.at = from;
      this.end = end;
    }

    boolean more() {
      return at < end;
    }

    int tag() {
      long key = varint();
      wireType = (int) (key & 7);
      return (int) (key >>> 3);
    }

    long varint() {
      long value = 0;
      for (int shift = 0; shift < 64; shift += 7) {
        byte b = data[at++];
        value |= (long) (b & 0x7f) << shift;
        if ((b & 0x80) == 0) {
          return value;
        }
      }
      throw new IllegalArgumentException("malformed varint");
    }

    byte[] bytes() {
      int length = (int) varint();
      byte[] value = Arrays.copyOfRange(data, at, at + length);
      at += length;
      return value;
    }

    String string() {
      return new String(bytes(), StandardCharsets.UTF_8);
    }

    Reader message() {
      int length = (int) varint();
      Reader nested = new Reader(data, at, at + length);
      at += length;
      return nested;
    }

    void skip() {
      switch (wireType) {
        case 0 -> varint();
        case 1 -> at += 8;
        case 2 -> {
          int length = (int) varint(); // read before moving: `at += varint()` would not
          at += length;
        }
        case 5 -> at += 4;
        default -> throw new IllegalArgumentException("unsupported wire type " + wireType);
      }
    }
  }
}
