package dev.floe.worker;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "training-data",
    mixinStandardHelpOptions = true,
    description = {
      "Print or export the exact rows a model was trained on.",
      "They are the user_features rows of the model's feature snapshot inside its training window,",
      "whatever was appended or recomputed since. Without --out: JSON lines on stdout."
    })
final class TrainingDataCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Mixin private ModelRowsOptions options;

  @Override
  public Integer call() {
    return options.export(floe, ModelRowsOptions.Rows.TRAINING_DATA);
  }
}
