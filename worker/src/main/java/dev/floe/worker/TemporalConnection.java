package dev.floe.worker;

import static java.util.Objects.requireNonNull;

import dev.floe.error.NotFoundException;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.PipelineMemo;
import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.operatorservice.v1.ListSearchAttributesRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.serviceclient.OperatorServiceStubs;
import io.temporal.serviceclient.OperatorServiceStubsOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testserver.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A client of one Temporal namespace, through Floe's data converter: a remote server (a cluster,
 * or {@code floe server}), or a test server embedded in this process and reachable only from it.
 */
public final class TemporalConnection implements AutoCloseable {
  public static final String DEFAULT_NAMESPACE = "default";
  private static final Logger log = LoggerFactory.getLogger(TemporalConnection.class);
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  private final WorkflowServiceStubs service;
  private final WorkflowClient client;
  private final String target;
  private final AutoCloseable embeddedServer;

  private TemporalConnection(WorkflowServiceStubs service, String namespace, String target, AutoCloseable embeddedServer) {
    this.service = service;
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
    try {
      WorkflowServiceStubs service = WorkflowServiceStubs.newConnectedServiceStubs(
          WorkflowServiceStubsOptions.newBuilder().setTarget(target).build(), CONNECT_TIMEOUT);
      return new TemporalConnection(service, namespace, target, null);
    } catch (RuntimeException e) {
      throw new NotFoundException("No Temporal server answers at " + target + " (" + rootMessage(e)
          + "): start one with 'floe server', or leave out --temporal to run an embedded one");
    }
  }

  /**
   * Starts Temporal's test server inside this process, reachable through an in-process channel and
   * no socket at all. It keeps its state in memory: runs end with the process.
   */
  public static TemporalConnection embedded() {
    TestServer.InProcessTestServer server = TestServer.createServer(true);
    WorkflowServiceStubs service = WorkflowServiceStubs.newServiceStubs(
        WorkflowServiceStubsOptions.newBuilder().setChannel(server.getChannel()).build());
    return new TemporalConnection(service, DEFAULT_NAMESPACE, "embedded", server);
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
    if (embeddedServer != null) {
      try {
        embeddedServer.close();
      } catch (Exception e) {
        log.warn("Embedded Temporal server did not close cleanly: {}", e.getMessage());
      }
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
