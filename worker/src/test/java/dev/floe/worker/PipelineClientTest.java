package dev.floe.worker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.workflows.PipelineInput;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a client sees of runs no worker has picked up yet, on the embedded server. */
class PipelineClientTest {
  private final EmbeddedTemporalServer server = EmbeddedTemporalServer.startOnLoopback(0);
  private final TemporalConnection connection = TemporalConnection.connect(server.target(), "default");
  private final PipelineClient client = new PipelineClient(connection);

  @AfterEach
  void close() {
    connection.close();
    server.close();
  }

  @Test
  void listingFallsBackToTheLegacyListingsTheTestServerHas() {
    client.start(PipelineInput.defaults(), "first");
    client.start(PipelineInput.defaults(), "second");

    assertThat(client.list(10)).extracting(PipelineClient.RunSummary::workflowId).containsExactlyInAnyOrder("first", "second");
    assertThat(client.list(1)).hasSize(1);
    assertThat(client.list(10)).allSatisfy(run -> assertThat(run.status()).isEqualTo("running"));
  }

  @Test
  void statusOfARunNoWorkerServesSaysSoInsteadOfHanging() {
    client.start(PipelineInput.defaults(), "orphan");

    PipelineClient.RunStatus status = client.status("orphan");

    assertThat(status.status()).isEqualTo("running");
    assertThat(status.progress()).isNull();
    assertThat(status.note()).contains("floe worker").contains("'floe'");
  }
}
