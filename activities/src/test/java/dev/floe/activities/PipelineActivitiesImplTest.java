package dev.floe.activities;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.EmptyWindowException;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.workflows.FloeDataConverter;
import dev.floe.workflows.GenerateRequest;
import dev.floe.workflows.GenerateResult;
import dev.floe.workflows.PipelineActivities;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestActivityEnvironment;
import io.temporal.testing.TestEnvironmentOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PipelineActivitiesImplTest {
  private final TestActivityEnvironment environment = TestActivityEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
      .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
      .build());

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void userErrorsFailAtOnceAndStorageErrorsAreRetried() {
    assertThat(List.of(new InvalidInputException("bad"), new NotFoundException("gone"), new EmptyWindowException("empty")))
        .allSatisfy(error -> {
          ApplicationFailure failure = PipelineActivitiesImpl.toFailure(error);
          assertThat(failure.isNonRetryable()).isTrue();
          assertThat(failure.getType()).isEqualTo(error.type());
          assertThat(failure.getOriginalMessage()).isEqualTo(error.getMessage());
        });
    ApplicationFailure storage = PipelineActivitiesImpl.toFailure(new StorageException("disk full", new IOException("ENOSPC")));
    assertThat(storage.isNonRetryable()).isFalse();
    assertThat(storage.getType()).isEqualTo("Storage");
    assertThat(storage.getCause()).isNotNull();
  }

  @Test
  void stepsHeartbeatWhileTheyRun(@TempDir Path dataDir) {
    List<Long> heartbeats = new CopyOnWriteArrayList<>();
    environment.setActivityHeartbeatListener(Long.class, heartbeats::add);
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog)) {
      environment.registerActivitiesImplementations(activities);
      PipelineActivities stub = environment.newActivityStub(PipelineActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).setHeartbeatTimeout(Duration.ofSeconds(20)).build());

      GenerateResult result = stub.generate(new GenerateRequest(10, 1_000, 5, LocalDate.of(2025, 9, 17), 1, 1, List.of()), List.of(), null);

      assertThat(result.rows()).isEqualTo(1_000);
      assertThat(heartbeats).isNotEmpty().allSatisfy(elapsedMillis -> assertThat(elapsedMillis).isNotNegative());
    }
  }

  @Test
  void invalidInputReachesTheWorkflowAsANonRetryableFailureWithItsType(@TempDir Path dataDir) {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        PipelineActivitiesImpl activities = new PipelineActivitiesImpl(catalog)) {
      environment.registerActivitiesImplementations(activities);
      PipelineActivities stub = environment.newActivityStub(PipelineActivities.class,
          ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofMinutes(1)).build());

      ActivityFailure failure = catchThrowableOfType(ActivityFailure.class, () ->
          stub.generate(new GenerateRequest(0, 1_000, 5, LocalDate.of(2025, 9, 17), 1, 1, List.of()), List.of(), null));

      ApplicationFailure cause = (ApplicationFailure) failure.getCause();
      assertThat(cause.getType()).isEqualTo("InvalidInput");
      assertThat(cause.isNonRetryable()).isTrue();
      assertThat(cause.getOriginalMessage()).contains("users");
    }
  }
}
