package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.catalog.FloeTable;
import dev.floe.error.NotFoundException;
import dev.floe.models.ModelRegistry;
import dev.floe.features.registry.FeatureSelection;
import java.time.Instant;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.util.SnapshotUtil;

/** Resolves a {@link FeatureSnapshotChoice} to one existing {@code user_features} snapshot. */
public final class FeatureSnapshots {
  private final FloeCatalog catalog;

  public FeatureSnapshots(FloeCatalog catalog) {
    this.catalog = requireNonNull(catalog, "catalog is null");
  }

  /** The chosen snapshot; NotFoundException saying what is missing when there is none. */
  public Snapshot resolve(FeatureSnapshotChoice choice) {
    Table table = catalog.load(FloeTable.USER_FEATURES);
    return resolve(table, choice);
  }

  /**
   * The features a read names: {@code requested}, else, when the choice is a model's, the features
   * that model was trained on, else null (spending_mean_7d alone). A model on spending_mean_7d alone
   * is null too, so its reads come out as they always did.
   */
  public List<String> features(FeatureSnapshotChoice choice, List<String> requested) {
    if (requested != null || !(choice instanceof FeatureSnapshotChoice.OfModel model)) {
      return requested;
    }
    List<String> trained = List.of(new ModelRegistry(catalog).find(model.modelVersion()).featureName().split(","));
    return trained.equals(FeatureSelection.DEFAULT.names()) ? null : trained;
  }

  /**
   * The checked selection for a read of {@code snapshot} (the one {@code choice} resolved to):
   * {@link #features} of the request, each applied and a column of that snapshot.
   */
  public FeatureSelection selection(
      FeatureSnapshotChoice choice, List<String> requested, Table table, Snapshot snapshot) {
    return FeatureSelection.resolve(catalog, features(choice, requested), table, snapshot.snapshotId());
  }

  Snapshot resolve(Table table, FeatureSnapshotChoice choice) {
    if (choice instanceof FeatureSnapshotChoice.OfModel model) {
      return existing(table, new ModelRegistry(catalog).find(model.modelVersion()).featureSnapshotId());
    }
    if (choice instanceof FeatureSnapshotChoice.Exact exact) {
      return existing(table, exact.snapshotId());
    }
    if (choice instanceof FeatureSnapshotChoice.KnownAt knownAt) {
      return currentAt(table, knownAt.knownAt());
    }
    return currentOf(table);
  }

  private static Snapshot currentOf(Table table) {
    Snapshot current = table.currentSnapshot();
    if (current == null) {
      throw new NotFoundException("Table user_features has no snapshot yet: run 'floe featurize' first");
    }
    return current;
  }

  private static Snapshot existing(Table table, long snapshotId) {
    Snapshot snapshot = table.snapshot(snapshotId);
    if (snapshot == null) {
      throw new NotFoundException(
          "Snapshot " + snapshotId + " does not exist in table user_features (see 'floe snapshots user_features')");
    }
    return snapshot;
  }

  /** The snapshot that was the table's current one at {@code knownAt}, from the table's own log. */
  private static Snapshot currentAt(Table table, Instant knownAt) {
    try {
      return table.snapshot(SnapshotUtil.snapshotIdAsOfTime(table, knownAt.toEpochMilli()));
    } catch (IllegalArgumentException e) {
      throw new NotFoundException(
          "No user_features snapshot was current at " + knownAt
              + (table.history().isEmpty()
                  ? ": the table has no snapshot yet"
                  : ": its first commit was at " + Instant.ofEpochMilli(table.history().get(0).timestampMillis())));
    }
  }
}
