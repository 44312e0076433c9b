package dev.floe.worker;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "List the newest pipeline runs on a Temporal server, newest first.")
final class RunsCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private TemporalOptions temporal;

  @Option(names = "--limit", defaultValue = "20", description = "At most this many runs (default: ${DEFAULT-VALUE}).")
  private int limit;

  @Override
  public Integer call() {
    try (TemporalConnection connection = temporal.connectRemote("runs")) {
      List<PipelineClient.RunSummary> runs = new PipelineClient(connection).list(limit);
      floe.output().print(runs, all -> all.isEmpty() ? "No pipeline runs." : all.stream()
          .map(run -> String.format("%-10s %s  %s", run.status(), run.startTime(), run.workflowId()))
          .collect(Collectors.joining(System.lineSeparator())));
    }
    return ExitCode.OK.code();
  }
}
