package io.datapipeline.operator.kubernetes;

import io.datapipeline.api.v1alpha1.Condition;
import io.datapipeline.api.v1alpha1.DataPipeline;
import io.datapipeline.api.v1alpha1.DataPipelineTenant;
import io.datapipeline.api.v1alpha1.TenantStatus;
import io.datapipeline.operator.status.Conditions;
import io.datapipeline.operator.tenancy.EnforcedAccess;
import io.datapipeline.operator.tenancy.TenantDirectory;
import io.datapipeline.operator.tenancy.TenantReport;
import io.datapipeline.operator.threads.DaemonThreads;
import io.datapipeline.render.ImageTemplate;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.javaoperatorsdk.operator.processing.event.Event;
import io.javaoperatorsdk.operator.processing.event.EventHandler;
import io.javaoperatorsdk.operator.processing.event.ResourceID;
import io.javaoperatorsdk.operator.processing.event.source.AbstractEventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's DataPipelineTenants for TENANCY=Enforced: an informer cache the grant matcher
 * reads, an event source that reconciles every pipeline again when a tenant's grant changes (so a
 * grant removed takes effect at once), and the writer of each tenant's status (pipelines,
 * conditions) while this operator leads.
 */
public final class KubernetesTenants extends AbstractEventSource<DataPipelineTenant, DataPipeline>
    implements TenantDirectory {

  private static final Logger LOG = LoggerFactory.getLogger(KubernetesTenants.class);
  private static final Duration LABELS_TTL = Duration.ofSeconds(30);

  private record Labels(Map<String, String> labels, Instant read) {}

  private final KubernetesClient client;
  private final Clock clock;
  private final Duration statusInterval;
  private final EnforcedAccess access;
  private final Map<String, Labels> namespaceLabels = new ConcurrentHashMap<>();
  private volatile IndexerResourceCache<DataPipeline> pipelines;
  private volatile SharedIndexInformer<DataPipelineTenant> informer;
  private ScheduledExecutorService statusWriter;

  /**
   * @param defaultConverterImage the operator's CONVERTER_IMAGE (null: none), which a pipeline
   *     naming no image runs, so a tenant's image allow-list applies to it too
   */
  public KubernetesTenants(
      KubernetesClient client,
      Clock clock,
      Duration statusInterval,
      ImageTemplate defaultConverterImage) {
    super(DataPipelineTenant.class, "datapipeline-tenants");
    this.access = new EnforcedAccess(this, defaultConverterImage);
    this.client = client;
    this.clock = clock;
    this.statusInterval = statusInterval;
  }

  /** The grant matcher over this cache. */
  public EnforcedAccess access() {
    return access;
  }

  /** The controller's own cache of pipelines (for limits and status counts). */
  void watchPipelines(IndexerResourceCache<DataPipeline> cache) {
    this.pipelines = cache;
  }

  @Override
  public Set<DataPipelineTenant> getSecondaryResources(DataPipeline primary) {
    return Set.of(); // a trigger only: the controller reads tenants through TenantDirectory
  }

  @Override
  public synchronized void start() {
    informer =
        client
            .resources(DataPipelineTenant.class)
            .inform(
                new ResourceEventHandler<>() {
                  @Override
                  public void onAdd(DataPipelineTenant tenant) {
                    grantsChanged("added", tenant);
                  }

                  @Override
                  public void onUpdate(DataPipelineTenant old, DataPipelineTenant tenant) {
                    if (!sameSpec(old, tenant)) {
                      grantsChanged("changed", tenant);
                    }
                  }

                  @Override
                  public void onDelete(DataPipelineTenant tenant, boolean unknownFinalState) {
                    grantsChanged("deleted", tenant);
                  }
                },
                0);
    statusWriter = Executors.newSingleThreadScheduledExecutor(DaemonThreads.named("tenant-status"));
    statusWriter.scheduleWithFixedDelay(
        this::writeStatuses, 0, Math.max(100, statusInterval.toMillis()), TimeUnit.MILLISECONDS);
    super.start();
    LOG.info("TENANCY=Enforced: {} DataPipelineTenants", tenants().size());
  }

  @Override
  public synchronized void stop() {
    super.stop();
    if (statusWriter != null) {
      statusWriter.shutdownNow();
    }
    if (informer != null) {
      informer.stop();
    }
  }

  @Override
  public Collection<DataPipelineTenant> tenants() {
    SharedIndexInformer<DataPipelineTenant> i = informer;
    return i == null ? List.of() : i.getStore().list();
  }

  @Override
  public Map<String, String> namespaceLabels(String namespace) {
    Labels cached = namespaceLabels.get(namespace);
    Instant now = clock.instant();
    if (cached != null && cached.read().plus(LABELS_TTL).isAfter(now)) {
      return cached.labels();
    }
    Map<String, String> labels;
    try {
      Namespace ns = client.namespaces().withName(namespace).get();
      labels =
          ns == null || ns.getMetadata().getLabels() == null
              ? Map.of()
              : Map.copyOf(ns.getMetadata().getLabels());
    } catch (KubernetesClientException e) {
      LOG.warn("cannot read the labels of namespace {}: {}", namespace, e.getMessage());
      labels = Map.of();
    }
    namespaceLabels.put(namespace, new Labels(labels, now));
    return labels;
  }

  @Override
  public Collection<DataPipeline> pipelines() {
    IndexerResourceCache<DataPipeline> cache = pipelines;
    return cache == null ? List.of() : cache.list().toList();
  }

  private void grantsChanged(String how, DataPipelineTenant tenant) {
    LOG.info("DataPipelineTenant {} {}: checking every pipeline again", name(tenant), how);
    namespaceLabels.clear();
    EventHandler handler = isRunning() ? getEventHandler() : null;
    if (handler != null) {
      // Any pipeline may have gained or lost its grant (or become ambiguous): look at all of them.
      pipelines().forEach(p -> handler.handleEvent(new Event(ResourceID.fromResource(p))));
    }
    if (statusWriter != null && !statusWriter.isShutdown()) {
      statusWriter.execute(this::writeStatuses);
    }
  }

  /** Brings every tenant's status up to date; writes only what changed. */
  void writeStatuses() {
    try {
      Collection<DataPipelineTenant> all = tenants();
      for (DataPipelineTenant tenant : all) {
        TenantReport report = TenantReport.of(tenant, all, access.pipelinesOf(tenant, all).size());
        writeStatus(tenant, report);
      }
    } catch (RuntimeException e) {
      LOG.warn("updating DataPipelineTenant status failed (will retry): {}", e.getMessage());
    }
  }

  private void writeStatus(DataPipelineTenant tenant, TenantReport report) {
    TenantStatus previous = tenant.getStatus() == null ? new TenantStatus() : tenant.getStatus();
    long generation =
        tenant.getMetadata().getGeneration() == null ? 0 : tenant.getMetadata().getGeneration();
    TenantStatus status = new TenantStatus();
    status.observedGeneration = generation;
    status.pipelines = report.pipelines();
    status.conditions =
        Conditions.merge(
            previous.conditions,
            List.of(
                new Conditions.Desired("Ready", report.ready(), report.reason(), report.message())),
            generation,
            clock.instant());
    if (sameStatus(previous, status)) {
      return;
    }
    DataPipelineTenant copy = Serialization.clone(tenant);
    copy.setStatus(status);
    try {
      client.resources(DataPipelineTenant.class).resource(copy).updateStatus();
    } catch (KubernetesClientException e) {
      // A newer version is on its way through the informer; the next round writes again.
      LOG.debug("status of DataPipelineTenant {}: {}", name(tenant), e.getMessage());
    }
  }

  private static boolean sameStatus(TenantStatus a, TenantStatus b) {
    if (!Objects.equals(a.pipelines, b.pipelines)
        || !Objects.equals(a.observedGeneration, b.observedGeneration)) {
      return false;
    }
    List<Condition> x = a.conditions == null ? List.of() : a.conditions;
    return x.equals(b.conditions);
  }

  private static boolean sameSpec(DataPipelineTenant a, DataPipelineTenant b) {
    return Objects.equals(Serialization.asJson(a.getSpec()), Serialization.asJson(b.getSpec()));
  }

  private static String name(DataPipelineTenant tenant) {
    return tenant.getMetadata().getName();
  }
}
