package dev.floe.web;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.NotFoundException;
import dev.floe.models.ModelRegistry;
import dev.floe.workflows.ModelCard;
import java.util.List;
import java.util.Optional;

/** The registered models as the dashboard reads them: none at all before the first training. */
final class ModelCatalog {
  private final FloeCatalog catalog;
  private final ModelRegistry registry;

  ModelCatalog(FloeCatalog catalog, ModelRegistry registry) {
    this.catalog = catalog;
    this.registry = registry;
  }

  /** Every model, newest first. */
  List<ModelCard> newestFirst() {
    if (!catalog.exists(FloeTable.MODEL_TRAINING_METADATA)) {
      return List.of();
    }
    List<ModelCard> models = new java.util.ArrayList<>(registry.list());
    java.util.Collections.reverse(models);
    return models;
  }

  Optional<ModelCard> latest() {
    return newestFirst().stream().findFirst();
  }

  /** One model; NotFoundException naming the version when there is none. */
  ModelCard find(String modelVersion) {
    if (!catalog.exists(FloeTable.MODEL_TRAINING_METADATA)) {
      // Name what was asked for, not the missing table: the user typed a version, not a table.
      throw new NotFoundException("No model version '" + modelVersion + "': no model has been trained yet");
    }
    return registry.find(modelVersion);
  }
}
