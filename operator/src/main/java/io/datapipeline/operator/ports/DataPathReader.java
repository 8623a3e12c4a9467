package io.datapipeline.operator.ports;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * Reads the health of many pipelines' data paths in few calls: the converter's {@code FilesFailed}
 * metric and each failure queue's depth and oldest message. One reading serves every pipeline of an
 * account and region (CloudWatch GetMetricData batches hundreds of metrics per call), never one
 * call per pipeline per minute.
 */
public interface DataPathReader {

  /**
   * One pipeline's data path.
   *
   * @param pipeline the converter's metric dimension {@code Pipeline} ({@code <namespace>/<name>})
   * @param failureQueueArn the converter stack's failure queue
   */
  record Probe(String pipeline, String failureQueueArn) {
    /** The queue's name, the last part of its ARN (the {@code QueueName} metric dimension). */
    public String queueName() {
      return failureQueueArn.substring(failureQueueArn.lastIndexOf(':') + 1);
    }
  }

  /**
   * What was read for one pipeline.
   *
   * @param filesFailedLastHour the converter's FilesFailed over the last hour
   * @param failuresWaiting messages in the failure queue (visible and in flight)
   * @param oldestWaiting age of the oldest message in the queue, null when CloudWatch has none
   */
  record Reading(long filesFailedLastHour, long failuresWaiting, Duration oldestWaiting) {
    public boolean healthy() {
      return filesFailedLastHour == 0 && failuresWaiting == 0;
    }
  }

  /**
   * Reads every probe. A probe absent from the answer could not be read (its queue is gone, the
   * identity may not read it); the others still are.
   */
  Map<Probe, Reading> read(Collection<Probe> probes);
}
