package dev.floe.catalog;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

/** The tables Floe owns, with their exact schemas and partitioning (see DESIGN.md). */
public enum FloeTable {
  RAW_EVENTS(
      "raw_events",
      new Schema(
          required(1, "id", Types.LongType.get()),
          required(2, "user_id", Types.LongType.get()),
          required(3, "amount", Types.DecimalType.of(15, 2)),
          required(4, "vendor_id", Types.LongType.get()),
          required(5, "event_timestamp", Types.TimestampType.withZone()))) {
    @Override
    PartitionSpec partitionSpec(Schema schema) {
      return PartitionSpec.builderFor(schema).day("event_timestamp", "event_day").build();
    }
  },
  USER_FEATURES(
      "user_features",
      new Schema(
          required(1, "user_id", Types.LongType.get()),
          required(2, "dt", Types.DateType.get()),
          required(3, "spending_mean_7d", Types.DecimalType.of(15, 2)))) {
    // One partition per date, so recomputing a date replaces exactly its partition.
    @Override
    PartitionSpec partitionSpec(Schema schema) {
      return PartitionSpec.builderFor(schema).identity("dt").build();
    }
  },
  MODEL_TRAINING_METADATA(
      "model_training_metadata",
      new Schema(
          required(1, "model_version", Types.StringType.get()),
          required(2, "trained_at", Types.TimestampType.withZone()),
          required(3, "feature_snapshot_id", Types.LongType.get()),
          required(4, "raw_events_snapshot_id", Types.LongType.get()),
          required(5, "feature_name", Types.StringType.get()),
          required(6, "decision_threshold", Types.DoubleType.get()),
          required(7, "training_window_start", Types.DateType.get()),
          required(8, "training_window_end", Types.DateType.get()),
          optional(9, "quantile", Types.DoubleType.get()),
          optional(10, "workflow_id", Types.StringType.get()),
          optional(11, "run_id", Types.StringType.get()),
          optional(12, "training_rows", Types.LongType.get()),
          optional(13, "feature_mean", Types.DoubleType.get()),
          optional(14, "feature_std", Types.DoubleType.get()),
          optional(15, "sql_hash", Types.StringType.get()),
          optional(16, "floe_version", Types.StringType.get()))) {
    @Override
    PartitionSpec partitionSpec(Schema schema) {
      return PartitionSpec.unpartitioned();
    }
  },
  /**
   * The feature registry: one row per version of each applied feature definition. Each {@code floe
   * features apply} that changes something commits one snapshot, so the registry as of any snapshot
   * is the set of definitions applied by then.
   */
  FEATURE_DEFINITIONS(
      "feature_definitions",
      new Schema(
          required(1, "name", Types.StringType.get()),
          required(2, "version", Types.IntegerType.get()),
          required(3, "entity", Types.StringType.get()),
          required(4, "source_table", Types.StringType.get()),
          required(5, "aggregation", Types.StringType.get()),
          optional(6, "source_column", Types.StringType.get()),
          optional(7, "window_days", Types.IntegerType.get()),
          required(8, "data_type", Types.StringType.get()),
          required(9, "description", Types.StringType.get()),
          required(10, "owner", Types.StringType.get()),
          optional(11, "ttl", Types.StringType.get()),
          required(12, "definition_sha256", Types.StringType.get()),
          required(13, "definition_file", Types.StringType.get()),
          required(14, "applied_at", Types.TimestampType.withZone()))) {
    @Override
    PartitionSpec partitionSpec(Schema schema) {
      return PartitionSpec.unpartitioned();
    }
  };

  private final String tableName;
  private final Schema schema;

  FloeTable(String tableName, Schema schema) {
    this.tableName = tableName;
    this.schema = schema;
  }

  public String tableName() {
    return tableName;
  }

  public Schema schema() {
    return schema;
  }

  abstract PartitionSpec partitionSpec(Schema schema);

  /** Parses a user-supplied table name; the message lists the names that exist. */
  public static FloeTable fromName(String name) {
    for (FloeTable table : values()) {
      if (table.tableName.equals(name)) {
        return table;
      }
    }
    throw new dev.floe.error.InvalidInputException(
        "Unknown table '"
            + name
            + "': expected raw_events, user_features or model_training_metadata, or"
            + " feature_definitions (the feature registry)");
  }
}
