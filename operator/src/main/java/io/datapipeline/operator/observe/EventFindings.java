package io.datapipeline.operator.observe;

import io.datapipeline.operator.cloudformation.DriftDetection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What events of one account and region told that a reconcile has yet to act on: the outcome of
 * each drift detection (by detection id, taken once), and how many ECS events named each dashboard
 * cluster (a reconcile reads the dashboard again when the count moved since its last read).
 */
public final class EventFindings {

  /**
   * Outcomes kept at most: one per stack under detection at once is all that is ever waiting; the
   * eldest go first (a detection whose outcome was dropped is asked of AWS after the wait).
   */
  static final int MAX_DRIFT_RESULTS = 20_000;

  private final Map<String, DriftDetection> drifts =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, DriftDetection> eldest) {
          return size() > MAX_DRIFT_RESULTS;
        }
      };

  private final Map<String, Long> dashboards = new ConcurrentHashMap<>();

  /** A detection finished, as its event says. The event carries no failure reason. */
  void driftDetected(ObservedEvent.DriftDetected event) {
    synchronized (drifts) {
      drifts.put(
          event.detectionId(),
          new DriftDetection(event.detectionStatus(), event.stackDriftStatus(), null));
    }
  }

  /** The outcome of detection {@code detectionId} if its event arrived; forgotten once taken. */
  public Optional<DriftDetection> takeDrift(String detectionId) {
    synchronized (drifts) {
      return Optional.ofNullable(drifts.remove(detectionId));
    }
  }

  /** An ECS event named the cluster. */
  void dashboardChanged(String clusterName) {
    dashboards.merge(clusterName, 1L, Long::sum);
  }

  /** How many ECS events named the cluster so far (0: none since the operator started). */
  public long dashboardChanges(String clusterName) {
    return dashboards.getOrDefault(clusterName, 0L);
  }
}
