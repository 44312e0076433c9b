package dev.floe.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptor;
import io.temporal.common.interceptors.ActivityInboundCallsInterceptorBase;
import io.temporal.common.interceptors.WorkerInterceptorBase;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptor;
import io.temporal.common.interceptors.WorkflowInboundCallsInterceptorBase;
import io.temporal.failure.CanceledFailure;
import io.temporal.failure.TemporalFailure;
import io.temporal.workflow.Workflow;
import java.util.concurrent.TimeUnit;

/**
 * Floe's pipeline metrics, recorded by a worker for everything it runs: {@code floe_pipeline_runs}
 * by workflow type and outcome (completed, failed, canceled), and {@code floe_pipeline_step_seconds}
 * by activity type and outcome, one sample per attempt, so retried steps show as failures followed
 * by a completion.
 */
public final class PipelineMetricsInterceptor extends WorkerInterceptorBase {
  static final String RUNS = "floe.pipeline.runs";
  static final String STEPS = "floe.pipeline.step";

  private final MeterRegistry registry;

  public PipelineMetricsInterceptor(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public WorkflowInboundCallsInterceptor interceptWorkflow(WorkflowInboundCallsInterceptor next) {
    return new WorkflowInboundCallsInterceptorBase(next) {
      @Override
      public WorkflowOutput execute(WorkflowInput input) {
        String workflowType = Workflow.getInfo().getWorkflowType();
        try {
          WorkflowOutput output = super.execute(input);
          countRun(workflowType, "completed");
          return output;
        } catch (CanceledFailure e) {
          countRun(workflowType, "canceled");
          throw e;
        } catch (TemporalFailure e) {
          // Only a TemporalFailure fails the run; any other exception fails the workflow task, which is retried.
          countRun(workflowType, "failed");
          throw e;
        }
      }
    };
  }

  /** A run's end is replayed by every later workflow task of it; count it where it really happened. */
  private void countRun(String workflowType, String outcome) {
    if (Workflow.isReplaying()) {
      return;
    }
    Counter.builder(RUNS)
        .description("Pipeline workflow runs by workflow type and outcome")
        .tag("workflow", workflowType)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  @Override
  public ActivityInboundCallsInterceptor interceptActivity(ActivityInboundCallsInterceptor next) {
    return new ActivityInboundCallsInterceptorBase(next) {
      private String step;

      @Override
      public void init(ActivityExecutionContext context) {
        step = context.getInfo().getActivityType();
        super.init(context);
      }

      @Override
      public ActivityOutput execute(ActivityInput input) {
        long started = System.nanoTime();
        String outcome = "failed";
        try {
          ActivityOutput output = super.execute(input);
          outcome = "completed";
          return output;
        } finally {
          Timer.builder(STEPS)
              .description("Pipeline step (activity) durations by step and outcome, one sample per attempt")
              .tag("step", step)
              .tag("outcome", outcome)
              .register(registry)
              .record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        }
      }
    };
  }
}
