package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import dev.floe.error.NotFoundException;
import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class EmbeddedTemporalServerTest {
  @Test
  void acceptsConnectionsOnLoopbackOnly() throws IOException {
    List<InetAddress> otherAddresses = nonLoopbackAddresses();
    assumeFalse(otherAddresses.isEmpty(), "this machine has no non-loopback address to try");

    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(0)) {
      assertThat(server.target()).isEqualTo("127.0.0.1:" + server.port());
      try (Socket loopback = new Socket()) {
        loopback.connect(new InetSocketAddress("127.0.0.1", server.port()), 2_000);
        assertThat(loopback.isConnected()).isTrue();
      }
      for (InetAddress address : otherAddresses) {
        assertThatThrownBy(() -> {
          try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, server.port()), 2_000);
          }
        }).as("connecting through %s", address).isInstanceOf(ConnectException.class);
      }
    }
  }

  @Test
  void servesTheTemporalApiAndExplainsWhatItLacks() {
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(0);
        TemporalConnection connection = TemporalConnection.connect(server.target(), "default")) {
      assertThat(connection.service().blockingStub().getSystemInfo(GetSystemInfoRequest.getDefaultInstance()).hasCapabilities())
          .isTrue();
      // The test server cannot list search attributes: Floe falls back to the memo, no UNIMPLEMENTED.
      assertThat(connection.searchAttributeSupport()).isEqualTo(SearchAttributeSupport.UNAVAILABLE);
    }
  }

  @Test
  void noServerAtTheTargetSaysHowToStartOne() {
    int freePort;
    try (EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(0)) {
      freePort = server.port();
    }

    assertThatThrownBy(() -> TemporalConnection.connect("127.0.0.1:" + freePort, "default"))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("No Temporal server answers at 127.0.0.1:" + freePort)
        .hasMessageContaining("floe server");
  }

  private static List<InetAddress> nonLoopbackAddresses() throws SocketException {
    return Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .flatMap(NetworkInterface::inetAddresses)
        .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
        .toList();
  }
}
