package dev.floe.worker;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.floe.catalog.CommitLineage;
import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.InvalidInputException;
import dev.floe.models.Calibrator;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.CalibrateRequest;
import dev.floe.workflows.Calibration;
import dev.floe.workflows.FeatureCalibration;
import dev.floe.workflows.ModelCard;
import dev.floe.workflows.RegisterRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Calibrate a threshold on the current user_features snapshot and register the model.",
      "The model records the feature snapshot and the raw_events snapshot it came from, and tags"
          + " both."
    })
final class TrainCommand implements Callable<Integer> {
  @ParentCommand private Main floe;

  @Option(
      names = "--quantile",
      description =
          "Quantile of |z| taken as the threshold (default: "
              + CalibrateRequest.DEFAULT_QUANTILE
              + ").")
  private Double quantile;

  @Option(
      names = "--window-start",
      paramLabel = "DATE",
      description = "First dt of the training window (default: 29 days before its end).")
  private LocalDate windowStart;

  @Option(
      names = "--window-end",
      paramLabel = "DATE",
      description =
          "Last dt of the training window (default: the last dt in the feature snapshot).")
  private LocalDate windowEnd;

  @Option(
      names = "--feature-name",
      paramLabel = "NAME",
      description = "Feature to calibrate on (default: " + CalibrateRequest.DEFAULT_FEATURE + ").")
  private String featureName;

  @Option(
      names = "--features",
      paramLabel = "NAME",
      split = ",",
      description =
          "Features the model uses, each applied ('floe features apply') and computed"
              + " ('floe featurize'); each gets its own threshold, and the model flags a"
              + " transaction when any is exceeded (default: "
              + CalibrateRequest.DEFAULT_FEATURE
              + " alone, the single-feature model).")
  private List<String> features;

  /** What {@code train} prints: the commit, then the model as {@code models} lists it. */
  record TrainResult(
      String table,
      Long snapshotId,
      long rows,
      String modelVersion,
      SeedModelCard modelCard,
      RegisteredModel.Lineage lineage,
      @JsonInclude(JsonInclude.Include.NON_EMPTY) List<FeatureCalibration> features) {
    static TrainResult of(ModelCard card) {
      RegisteredModel model = RegisteredModel.of(card);
      return new TrainResult(
          FloeTable.MODEL_TRAINING_METADATA.tableName(),
          card.snapshotId(),
          1,
          model.modelVersion(),
          model.modelCard(),
          model.lineage(),
          model.features());
    }
  }

  @Override
  public Integer call() {
    if (features != null && featureName != null) {
      throw new InvalidInputException("Give either --features or --feature-name, not both");
    }
    CalibrateRequest request =
        new CalibrateRequest(null, quantile, windowStart, windowEnd, featureName);
    try (FloeCatalog catalog = floe.openExistingCatalog()) {
      Calibrator calibrator = new Calibrator(catalog);
      Calibration calibration =
          features == null ? calibrator.calibrate(request) : calibrator.calibrate(request, features);
      ModelCard card =
          register(catalog, calibration, CommitLineage.direct("register"), Instant.now());
      floe.output().print(TrainResult.of(card), TrainCommand::summary);
    }
    return ExitCode.OK.code();
  }

  /** Calibrate, then register: the one sequence {@code train} and {@code demo} share. */
  static ModelCard train(
      FloeCatalog catalog, CalibrateRequest request, CommitLineage lineage, Instant startedAt) {
    return register(catalog, new Calibrator(catalog).calibrate(request), lineage, startedAt);
  }

  private static ModelCard register(
      FloeCatalog catalog, Calibration calibration, CommitLineage lineage, Instant startedAt) {
    return new ModelRegistry(catalog)
        .register(new RegisterRequest(calibration, startedAt), lineage);
  }

  static String summary(TrainResult result) {
    SeedModelCard card = result.modelCard();
    return String.format(
        "Registered model %s: threshold %.4f on |z| of %s (quantile %s).%nTrained on %s..%s: %s"
            + " rows of user_features snapshot %d (built from raw_events snapshot %d).",
        result.modelVersion(),
        card.decisionThreshold(),
        card.featureName(),
        card.quantile(),
        card.trainingWindowStart(),
        card.trainingWindowEnd(),
        result.lineage().trainingRows() == null
            ? "?"
            : String.format("%,d", result.lineage().trainingRows()),
        card.featureSnapshotId(),
        card.rawEventsSnapshotId());
  }
}
