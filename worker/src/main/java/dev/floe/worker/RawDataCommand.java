package dev.floe.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "raw-data",
    mixinStandardHelpOptions = true,
    description = {
      "Print or export the raw transactions a model's features were built from.",
      "They are raw_events at the model's raw snapshot, whatever was appended since.",
      "Without --out: JSON lines on stdout."
    })
final class RawDataCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private ModelRowsOptions options;

  @Override
  public Integer call() {
    return options.export(floe, ModelRowsOptions.Rows.RAW_DATA);
  }
}
