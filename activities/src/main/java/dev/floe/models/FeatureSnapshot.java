package dev.floe.models;

import dev.floe.catalog.CommitLineage;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.features.registry.FeatureSelection;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/** A user_features snapshot and the raw_events snapshot its features were computed from. */
record FeatureSnapshot(long featureSnapshotId, long rawEventsSnapshotId) {

  /**
   * The columns the snapshot's files hold: the schema current when it was committed, not the
   * table's current one (a feature applied since is a column of the table but not of the snapshot).
   */
  Schema schema(Table userFeatures) {
    return FeatureSelection.schemaOf(userFeatures, featureSnapshotId);
  }

  /** Resolves {@code snapshotId} (null: the current snapshot) and reads its raw lineage. */
  static FeatureSnapshot of(Table userFeatures, Long snapshotId) {
    Snapshot snapshot =
        snapshotId == null ? userFeatures.currentSnapshot() : userFeatures.snapshot(snapshotId);
    if (snapshot == null) {
      throw snapshotId == null
          ? new NotFoundException(
              "Table user_features has no snapshot yet: run 'floe featurize' first")
          : new NotFoundException(
              "Snapshot " + snapshotId + " does not exist in table user_features");
    }
    String raw = snapshot.summary().get(CommitLineage.RAW_SNAPSHOT_ID);
    if (raw == null) {
      throw new InvalidInputException(
          "Feature snapshot "
              + snapshot.snapshotId()
              + " does not record the raw_events snapshot it was"
              + " built from (summary property "
              + CommitLineage.RAW_SNAPSHOT_ID
              + "); only snapshots"
              + " committed by 'floe featurize' can train a model");
    }
    try {
      return new FeatureSnapshot(snapshot.snapshotId(), Long.parseLong(raw));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(
          "Feature snapshot "
              + snapshot.snapshotId()
              + " records a malformed raw_events snapshot id '"
              + raw
              + "' in "
              + CommitLineage.RAW_SNAPSHOT_ID,
          e);
    }
  }
}
