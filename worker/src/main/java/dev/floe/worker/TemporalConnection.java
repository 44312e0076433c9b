package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import com.uber.m3.tally.NoopScope;
import com.uber.m3.tally.RootScopeBuilder;
import com.uber.m3.tally.Scope;
import com.uber.m3.tally.ScopeCloseException;
import dev.floe.error.NotFoundException;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.PipelineMemo;
import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.MeterRegistry;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.common.reporter.MicrometerClientStatsReporter;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Temporal namespace, through Floe's data converter: a remote server (a cluster,
 * or {@code floe server}), or a test server embedded in this process and reachable only from it.
 * Given a metrics registry, the SDK reports its own client and worker metrics into it, and workers
 * on this connection record Floe's pipeline metrics there too.
 */
public final class TemporalConnection implements AutoCloseable {
  public static final String DEFAULT_NAMESPACE = "default";
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);
  /** How often the SDK's metrics reach the registry: well under a Prometheus scrape interval. */
  private static final com.uber.m3.util.Duration SDK_METRICS_REPORT_INTERVAL = com.uber.m3.util.Duration.ofSeconds(1);

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final String target;
  private final AutoCloseable embeddedServer;
  private final MeterRegistry metrics;
  private final Scope sdkMetrics;

  private TemporalConnection(WorkflowServiceStubs service, String namespace, String target, AutoCloseable embeddedServer,
      MeterRegistry metrics, Scope sdkMetrics) {
    this.service = service;
    this.metrics = metrics;
    this.sdkMetrics = sdkMetrics;
    this.target = target;
    this.embeddedServer = embeddedServer;
    WorkflowClientOptions.Builder options = WorkflowClientOptions.newBuilder()
        .setNamespace(requireNonNull(namespace, "namespace is null"))
        .setDataConverter(FloeDataConverter.instance());
    if (embeddedServer != null) {
      // The test server has no worker heartbeats; asking only earns a warning on every run.
      options.setWorkerHeartbeatInterval(Duration.ofSeconds(-1));
    }
    this.client = WorkflowClient.newInstance(service, options.build());
  }

  /** Connects to a server at {@code host:port}, failing with a clear message when none answers. */
  public static TemporalConnection connect(String target, String namespace) {
    return connect(target, namespace, null);
  }

  /** As {@link #connect(String, String)}, reporting into {@code metrics} (null: no metrics). */
  public static TemporalConnection connect(String target, String namespace, MeterRegistry metrics) {
    Scope sdkMetrics = sdkMetricsScope(metrics);
    try {
      WorkflowServiceStubs service = WorkflowServiceStubs.newConnectedServiceStubs(
          stubsOptions(sdkMetrics).setTarget(target).build(), CONNECT_TIMEOUT);
      return new TemporalConnection(service, namespace, target, null, metrics, sdkMetrics);
    } catch (RuntimeException e) {
      closeScope(sdkMetrics);
      throw new NotFoundException("No Temporal server answers at " + target + " (" + rootMessage(e)
          + "): start one with 'floe server', or leave out --temporal to run an embedded one");
    }
  }

  /**
   * Starts Temporal's test server inside this process, reachable through an in-process channel and
   * no socket at all. It keeps its state in memory: runs end with the process.
   */
  public static TemporalConnection embedded() {
    return embedded(null);
  }

  /** As {@link #embedded()}, reporting into {@code metrics} (null: no metrics). */
  public static TemporalConnection embedded(MeterRegistry metrics) {
    Scope sdkMetrics = sdkMetricsScope(metrics);
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        stubsOptions(sdkMetrics).setChannel(server.getChannel()).build());
    return new TemporalConnection(service, DEFAULT_NAMESPACE, "embedded", server, metrics, sdkMetrics);
  }

  private static WorkflowServiceStubsOptions.Builder stubsOptions(Scope sdkMetrics) {
    return WorkflowServiceStubsOptions.newBuilder().setMetricsScope(sdkMetrics);
  }

  /** The SDK's tally scope over {@code metrics}, or a scope that reports nowhere. */
  private static Scope sdkMetricsScope(MeterRegistry metrics) {
    if (metrics == null) {
      return new NoopScope();
    }
    return new RootScopeBuilder()
        .reporter(new MicrometerClientStatsReporter(metrics))
        .reportEvery(SDK_METRICS_REPORT_INTERVAL);
  }

  /** The registry this connection's SDK metrics go to, if it was given one. */
  public Optional<MeterRegistry> metrics() {
    return Optional.ofNullable(metrics);
  }

  public WorkflowClient client() {
    return client;
  }

  public WorkflowServiceStubs service() {
    return service;
  }

  public String namespace() {
    return client.getOptions().getNamespace();
  }

  /** host:port, or "embedded" for the in-process server. */
  public String target() {
    return target;
  }

  public boolean isEmbedded() {
    return embeddedServer != null;
  }

  /**
   * Whether runs may set Floe's typed search attributes: only where an operator registered them
   * (README: {@code temporal operator search-attribute create}). The test server can neither list
   * them nor be queried by them, so there the ids stay in the memo only.
   */
  public SearchAttributeSupport searchAttributeSupport() {
    if (isEmbedded()) {
      return SearchAttributeSupport.UNAVAILABLE;
    }
    List<String> names = List.of(
        PipelineMemo.MODEL_VERSION_ATTRIBUTE.getName(),
        PipelineMemo.RAW_SNAPSHOT_ATTRIBUTE.getName(),
        PipelineMemo.FEATURE_SNAPSHOT_ATTRIBUTE.getName());
    OperatorServiceStubs operator = OperatorServiceStubs.newServiceStubs(
        OperatorServiceStubsOptions.newBuilder().setChannel(service.getRawChannel()).validateAndBuildWithDefaults());
    try {
      Map<String, ?> registered = operator.blockingStub()
          .listSearchAttributes(ListSearchAttributesRequest.newBuilder().setNamespace(namespace()).build())
          .getCustomAttributesMap();
      if (registered.keySet().containsAll(names)) {
        return SearchAttributeSupport.AVAILABLE;
      }
      log.info("Search attributes {} are not registered in namespace {}; run ids stay in the memo only", names, namespace());
    } catch (StatusRuntimeException e) {
      if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
        throw e;
      }
      log.info("Temporal at {} cannot list search attributes (a test server?); run ids stay in the memo only", target);
    } finally {
      operator.shutdownNow();
    }
    return SearchAttributeSupport.UNAVAILABLE;
  }

  @Override
  public void close() {
    service.shutdownNow();
    // Closing the scope reports what it still holds.
    closeScope(sdkMetrics);
    if (embeddedServer != null) {
      try {
        embeddedServer.close();
      } catch (Exception e) {
        log.warn("Embedded Temporal server did not close cleanly: {}", e.getMessage());
      }
    }
  }

  private static void closeScope(Scope scope) {
    try {
      scope.close();
    } catch (ScopeCloseException e) {
      log.warn("Temporal SDK metrics scope did not close cleanly: {}", e.getMessage());
    }
  }

  private static String rootMessage(Throwable failure) {
    Throwable root = failure;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
  }
}
