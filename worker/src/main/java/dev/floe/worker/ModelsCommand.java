package dev.floe.worker;

import dev.floe.catalog.FloeCatalog;
import dev.floe.models.ModelRegistry;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = "List the registered models with their cards, oldest first.")
final class ModelsCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  record ModelList(List<RegisteredModel> models) {
    ModelList {
      models = List.copyOf(models);
    }
  }

  @Override
  public Integer call() {
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      List<RegisteredModel> models =
          new ModelRegistry(catalog).list().stream().map(RegisteredModel::of).toList();
      floe.output().print(new ModelList(models), ModelsCommand::summary);
    }
    return ExitCode.OK.code();
  }

  static String summary(ModelList list) {
    if (list.models().isEmpty()) {
      return "No models registered yet: run 'floe train'.";
    }
    StringBuilder text =
        new StringBuilder(
            String.format(
                "%-16s  %-20s  %-10s  %-10s  %9s  %20s  %20s%n",
                "model",
                "trained at",
                "from",
                "to",
                "threshold",
                "feature snapshot",
                "raw snapshot"));
    for (RegisteredModel model : list.models()) {
      SeedModelCard card = model.modelCard();
      text.append(
          String.format(
              "%-16s  %-20s  %-10s  %-10s  %9.4f  %20d  %20d%n",
              model.modelVersion(),
              card.trainedAt(),
              card.trainingWindowStart(),
              card.trainingWindowEnd(),
              card.decisionThreshold(),
              card.featureSnapshotId(),
              card.rawEventsSnapshotId()));
    }
    return text.toString();
  }
}
