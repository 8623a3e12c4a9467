package io.datapipeline.operator.controller;

import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.operator.deploy.Notice;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps a stuck pipeline quiet: a Warning the previous pass already published (same reason, same
 * message) is not published again, so a Stalled pipeline reconciled every poll interval says why
 * once per change, not every 30 s. A warning that stops and later comes back is published again.
 * Normal Events are never held back. Kept in memory: a restarted operator says it once more.
 */
final class RepeatedWarnings {

  private final Map<String, Set<String>> lastPass = new ConcurrentHashMap<>();

  /** The notices worth publishing now, in order. */
  List<Notice> filter(DataPipeline pipeline, List<Notice> notices) {
    String uid = key(pipeline);
    Set<String> before = lastPass.getOrDefault(uid, Set.of());
    Set<String> now = new LinkedHashSet<>();
    List<Notice> out = new ArrayList<>();
    for (Notice n : notices) {
      if (!n.warning()) {
        out.add(n);
        continue;
      }
      String key = n.reason().id() + "\n" + n.message();
      if (now.add(key) && !before.contains(key)) {
        out.add(n);
      }
    }
    lastPass.put(uid, now);
    return out;
  }

  void forget(DataPipeline pipeline) {
    lastPass.remove(key(pipeline));
  }

  private static String key(DataPipeline pipeline) {
    String uid = pipeline.getMetadata().getUid();
    return uid != null
        ? uid
        : pipeline.getMetadata().getNamespace() + "/" + pipeline.getMetadata().getName();
  }
}
