package io.datapipeline.operator.app;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;

/**
 * Lets the operator read a DataPipeline its model cannot hold (a CRD newer than the operator, or an
 * object stored before the CRD validated it: an unknown field, an enum value it does not know, a
 * value of the wrong type) instead of failing the whole informer, which would stop every pipeline's
 * reconciliation.
 *
 * <p>Such an object is read with the unreadable values left out and marked with the in-memory
 * annotation {@link #UNREADABLE} naming each of them; the spec validator refuses it (status
 * Stalled/InvalidSpec, a Warning Event), so the operator never acts on a spec it read only in part.
 */
final class TolerantReading {

  /** Set only on objects in the operator's memory; never written by the operator. */
  static final String UNREADABLE = "datapipeline.io/unreadable";

  private static final ThreadLocal<Deque<List<String>>> PROBLEMS =
      ThreadLocal.withInitial(ArrayDeque::new);

  private TolerantReading() {}

  /** A client of the same cluster as {@code client} that reads DataPipelines tolerantly. */
  static KubernetesClient client(KubernetesClient client) {
    return new KubernetesClientBuilder()
        .withConfig(client.getConfiguration())
        .withKubernetesSerialization(new KubernetesSerialization(mapper(), true))
        .build();
  }

  static ObjectMapper mapper() {
    ObjectMapper mapper = new ObjectMapper();
    mapper.addHandler(new Recorder());
    SimpleModule marking = new SimpleModule("datapipeline-tolerant-reading");
    marking.setDeserializerModifier(
        new BeanDeserializerModifier() {
          @Override
          public JsonDeserializer<?> modifyDeserializer(
              DeserializationConfig config,
              BeanDescription description,
              JsonDeserializer<?> deserializer) {
            return DataPipeline.class.isAssignableFrom(description.getBeanClass())
                ? new Marking(deserializer)
                : deserializer;
          }
        });
    mapper.registerModule(marking);
    return mapper;
  }

  /** The problems of the DataPipeline being read on this thread, if one is. */
  private static void record(JsonParser parser, String problem) {
    Deque<List<String>> open = PROBLEMS.get();
    if (!open.isEmpty()) {
      open.peek().add(fieldPath(parser) + ": " + problem);
    }
  }

  /** /spec/schema/columns/1/type -> spec.schema.columns[1].type */
  private static String fieldPath(JsonParser parser) {
    String pointer = parser.getParsingContext().pathAsPointer().toString();
    StringBuilder path = new StringBuilder();
    for (String part : pointer.replaceFirst("^/", "").split("/")) {
      if (part.matches("\\d+")) {
        path.append('[').append(part).append(']');
      } else if (!part.isEmpty()) {
        path.append(path.length() == 0 ? "" : ".")
            .append(part.replace("~1", "/").replace("~0", "~"));
      }
    }
    return path.toString();
  }

  /** Skips what cannot be read, and records it. */
  private static final class Recorder extends DeserializationProblemHandler {

    @Override
    public boolean handleUnknownProperty(
        DeserializationContext context,
        JsonParser parser,
        JsonDeserializer<?> deserializer,
        Object beanOrClass,
        String property)
        throws IOException {
      String path = fieldPath(parser);
      Deque<List<String>> open = PROBLEMS.get();
      if (!open.isEmpty()) {
        open.peek().add(path + ": unknown field");
      }
      parser.skipChildren();
      return true;
    }

    @Override
    public Object handleWeirdStringValue(
        DeserializationContext context, Class<?> type, String value, String failure) {
      record(context.getParser(), "cannot read \"" + value + "\" (" + type.getSimpleName() + ")");
      return null;
    }

    @Override
    public Object handleWeirdNumberValue(
        DeserializationContext context, Class<?> type, Number value, String failure) {
      record(context.getParser(), "cannot read " + value + " (" + type.getSimpleName() + ")");
      return null;
    }

    @Override
    public Object handleUnexpectedToken(
        DeserializationContext context,
        JavaType type,
        JsonToken token,
        JsonParser parser,
        String failure)
        throws IOException {
      record(parser, "cannot read a " + token + " as " + type.getRawClass().getSimpleName());
      parser.skipChildren();
      return null;
    }
  }

  /** Opens a problem list around each DataPipeline read, and marks the object when it is not. */
  private static final class Marking extends DelegatingDeserializer {

    Marking(JsonDeserializer<?> delegate) {
      super(delegate);
    }

    @Override
    protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
      return new Marking(delegate);
    }

    @Override
    public Object deserialize(JsonParser parser, DeserializationContext context)
        throws IOException {
      Deque<List<String>> open = PROBLEMS.get();
      open.push(new ArrayList<>());
      Object read;
      List<String> problems;
      try {
        read = super.deserialize(parser, context);
      } finally {
        problems = open.pop();
      }
      if (!problems.isEmpty() && read instanceof DataPipeline pipeline) {
        if (pipeline.getMetadata().getAnnotations() == null) {
          pipeline.getMetadata().setAnnotations(new HashMap<>());
        }
        pipeline
            .getMetadata()
            .getAnnotations()
            .put(
                UNREADABLE,
                "this operator cannot read the pipeline (is the CRD newer than the operator?): "
                    + String.join("; ", problems));
      }
      return read;
    }
  }
}
