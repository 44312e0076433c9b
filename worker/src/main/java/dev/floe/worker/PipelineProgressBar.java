package dev.floe.worker;

import dev.floe.workflows.PipelineProgress;
import dev.floe.workflows.PipelineResult;
import java.io.PrintStream;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** Draws a run's progress (steps done, the step running, time elapsed) on a terminal's stderr. */
final class PipelineProgressBar implements Consumer<PipelineProgress>, AutoCloseable {
  private final ProgressBar bar;

  private PipelineProgressBar(ProgressBar bar) {
    this.bar = bar;
  }

  /** A bar on {@code err} when a person is watching; otherwise one that draws nothing. */
  static PipelineProgressBar forConsole(PrintStream err, boolean wanted) {
    if (!wanted || System.console() == null) {
      return new PipelineProgressBar(null);
    }
    return new PipelineProgressBar(new ProgressBarBuilder()
        .setTaskName("pipeline")
        .setInitialMax(1)
        .setUnit(" steps", 1)
        .setStyle(ProgressBarStyle.COLORFUL_UNICODE_BLOCK)
        .setConsumer(new ConsoleProgressBarConsumer(err))
        .hideEta()
        .continuousUpdate()
        .build());
  }

  /** Whether anything is drawn: no terminal, or --no-progress, means no bar and no queries. */
  boolean draws() {
    return bar != null;
  }

  @Override
  public void accept(PipelineProgress progress) {
    if (bar == null) {
      return;
    }
    bar.maxHint(progress.steps().size());
    bar.stepTo(progress.completed().size());
    bar.setExtraMessage(progress.currentStep() == null ? progress.status() : progress.currentStep().stepName());
  }

  /** Shows every step done: the last progress seen may predate the last step. */
  void finished(PipelineResult result) {
    if (bar != null) {
      bar.maxHint(result.steps().size());
      bar.stepTo(result.steps().size());
      bar.setExtraMessage(PipelineProgress.COMPLETED);
    }
  }

  @Override
  public void close() {
    if (bar != null) {
      bar.close();
    }
  }
}
