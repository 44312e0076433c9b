package dev.floe.worker;

import dev.floe.error.StorageException;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.temporal.internal.testservice.GRPCServerHelper;
import io.temporal.internal.testservice.TestServicesStarter;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Temporal's in-memory test server (temporal-test-server), serving the real gRPC API on loopback
 * only. {@code TestServer.createPortBoundServer(port)} binds every interface
 * ({@code Grpc.newServerBuilderForPort}), which would leave an unauthenticated scheduler open to
 * the network; so this builds the same services and registers them on a Netty server (the one
 * temporal-serviceclient ships) bound to 127.0.0.1. The two classes used are internal to the test server but public and stable: they are
 * what {@code TestServer} itself is made of.
 */
public final class EmbeddedTemporalServer implements AutoCloseable {
  public static final int DEFAULT_PORT = 7233;
  private static final Logger log = LoggerFactory.getLogger(EmbeddedTemporalServer.class);

  private final TestServicesStarter services;
  private final Server server;
  private final InetSocketAddress address;

  private EmbeddedTemporalServer(TestServicesStarter services, Server server, InetSocketAddress address) {
    this.services = services;
    this.server = server;
    this.address = address;
  }

  /** Starts serving on 127.0.0.1:{@code port}; port 0 picks a free one. */
  public static EmbeddedTemporalServer startOnLoopback(int port) {
    InetSocketAddress requested = new InetSocketAddress(loopback(), port);
    // true: time is never skipped; this is a real server for real runs, not a test clock.
    TestServicesStarter services = new TestServicesStarter(true, 0);
    ServerBuilder<?> builder = NettyServerBuilder.forAddress(requested, InsecureServerCredentials.create());
    GRPCServerHelper.registerServicesAndHealthChecks(services.getServices(), builder);
    Server server = builder.build();
    try {
      server.start();
    } catch (IOException e) {
      services.close();
      throw new StorageException("Cannot serve Temporal on " + requested.getHostString() + ":" + port + ": " + e.getMessage(), e);
    }
    InetSocketAddress bound = new InetSocketAddress(requested.getAddress(), server.getPort());
    log.info("Embedded Temporal server listening on {}:{}", bound.getHostString(), bound.getPort());
    return new EmbeddedTemporalServer(services, server, bound);
  }

  /** host:port, the form {@code --temporal} and the Temporal CLI's {@code --address} take. */
  public String target() {
    return address.getHostString() + ":" + address.getPort();
  }

  public int port() {
    return address.getPort();
  }

  /** Blocks until the server is shut down (by {@link #close()} or process exit). */
  public void awaitTermination() throws InterruptedException {
    server.awaitTermination();
  }

  @Override
  public void close() {
    server.shutdown();
    try {
      if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
        server.shutdownNow();
      }
    } catch (InterruptedException e) {
      server.shutdownNow();
      Thread.currentThread().interrupt();
    }
    services.close();
  }

  private static InetAddress loopback() {
    try {
      return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
    } catch (UnknownHostException e) {
      throw new IllegalStateException("127.0.0.1 is a valid address", e);
    }
  }
}
