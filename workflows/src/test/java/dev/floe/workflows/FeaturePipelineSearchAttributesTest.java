package dev.floe.workflows;

import static org.assertj.core.api.Assertions.assertThat;

import dev.floe.workflows.PipelineMemo.SearchAttributeSupport;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributes;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Typed search attributes are set only where the worker found them registered. */
class FeaturePipelineSearchAttributesTest {
  private static final String QUEUE = "search-attributes";

  private final TestWorkflowEnvironment environment =
      TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
          .setWorkflowClientOptions(WorkflowClientOptions.newBuilder().setDataConverter(FloeDataConverter.instance()).build())
          .build());

  @AfterEach
  void close() {
    environment.close();
  }

  @Test
  void serverWithTheAttributesGetsTheIdsAsSearchAttributes() {
    environment.registerSearchAttribute(PipelineMemo.MODEL_VERSION_ATTRIBUTE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    environment.registerSearchAttribute(PipelineMemo.RAW_SNAPSHOT_ATTRIBUTE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT);
    environment.registerSearchAttribute(PipelineMemo.FEATURE_SNAPSHOT_ATTRIBUTE.getName(), IndexedValueType.INDEXED_VALUE_TYPE_INT);

    SearchAttributes attributes = runWith(SearchAttributeSupport.AVAILABLE);

    assertThat(attributes.get(PipelineMemo.MODEL_VERSION_ATTRIBUTE)).startsWith("v");
    assertThat(attributes.get(PipelineMemo.RAW_SNAPSHOT_ATTRIBUTE)).isEqualTo(FakePipelineActivities.RAW_SNAPSHOT);
    assertThat(attributes.get(PipelineMemo.FEATURE_SNAPSHOT_ATTRIBUTE)).isEqualTo(FakePipelineActivities.FEATURE_SNAPSHOT);
  }

  @Test
  void serverWithoutThemStillCompletesWithoutSearchAttributes() {
    SearchAttributes attributes = runWith(SearchAttributeSupport.UNAVAILABLE);

    assertThat(attributes.containsKey(PipelineMemo.MODEL_VERSION_ATTRIBUTE)).isFalse();
  }

  private SearchAttributes runWith(SearchAttributeSupport support) {
    Worker worker = environment.newWorker(QUEUE);
    FeaturePipelineImpl.registerOn(worker, support);
    worker.registerActivitiesImplementations(new FakePipelineActivities());
    environment.start();
    FeaturePipeline pipeline = environment.getWorkflowClient().newWorkflowStub(
        FeaturePipeline.class, WorkflowOptions.newBuilder().setTaskQueue(QUEUE).setWorkflowId("sa-" + support).build());
    PipelineResult result = pipeline.run(PipelineInput.defaults());
    return environment.getWorkflowClient().newUntypedWorkflowStub(result.workflowId()).describe().getTypedSearchAttributes();
  }
}
