package dev.floe.engine;

import dev.floe.catalog.LocalFileAccess;
import dev.floe.error.StorageException;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.DataFiles;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.Metrics;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.types.Conversions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Writes a query's rows as Parquet files into a table's data location with DuckDB, and describes
 * them as Iceberg {@link DataFile}s (partition, row count, column bounds from DuckDB's own write
 * statistics) ready to commit. Nothing is visible in the table until the caller commits.
 *
 * <p>The query must select the table's columns in schema order; a partitioned table's query adds a
 * last column {@value #PARTITION_COLUMN} holding the partition's human value (for example {@code
 * 2025-09-17} for a day or identity date partition), which is used to split files and not written.
 */
public final class ParquetTableWriter {
  public static final String PARTITION_COLUMN = "__partition";

  private static final DateTimeFormatter DUCK_TIMESTAMPTZ =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd HH:mm:ss")
          .optionalStart()
          .appendFraction(java.time.temporal.ChronoField.MICRO_OF_SECOND, 0, 6, true)
          .optionalEnd()
          .appendPattern("x")
          .toFormatter();

  private ParquetTableWriter() {}

  /** Runs {@code selectSql} (with {@code parameters} bound) and returns the files it wrote. */
  public static List<DataFile> write(
      Connection connection, Table table, String selectSql, Object... parameters) {
    return write(connection, table, table.schema(), selectSql, parameters);
  }

  /**
   * As {@link #write(Connection, Table, String, Object...)}, for a query that selects only the
   * {@code written} columns of the table (in their order): the optional columns it leaves out read
   * as null, as Iceberg's schema evolution defines for files written before a column was added.
   */
  public static List<DataFile> write(
      Connection connection, Table table, Schema written, String selectSql, Object... parameters) {
    for (Types.NestedField field : written.columns()) {
      Types.NestedField own = table.schema().findField(field.name());
      if (own == null || own.fieldId() != field.fieldId() || !own.type().equals(field.type())) {
        throw new IllegalArgumentException(
            "Cannot write column " + field + " into " + table.name() + ": its schema has " + own);
      }
    }
    PartitionSpec spec = table.spec();
    LocalFileAccess access = LocalFileAccess.of(table.io());
    String directory = access.writable(table.location() + "/data/" + UUID.randomUUID()).toString();
    createDirectories(directory);
    StringBuilder copy = new StringBuilder("COPY (").append(selectSql).append(") TO ");
    if (spec.isPartitioned()) {
      copy.append(SqlLiteral.quote(directory)).append(" (FORMAT parquet, PARTITION_BY (");
      copy.append(PARTITION_COLUMN).append("), FILENAME_PATTERN 'part-{uuid}', ");
    } else {
      // Without PARTITION_BY DuckDB writes one file at exactly the target path.
      copy.append(SqlLiteral.quote(directory + "/part-" + UUID.randomUUID() + ".parquet"));
      copy.append(" (FORMAT parquet, ");
    }
    copy.append("FIELD_IDS ").append(SnapshotFiles.fieldIds(written));
    copy.append(", RETURN_STATS)");
    List<DataFile> files = new ArrayList<>();
    try (PreparedStatement statement = connection.prepareStatement(copy.toString())) {
      for (int i = 0; i < parameters.length; i++) {
        statement.setObject(i + 1, parameters[i]);
      }
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          long count = rows.getLong("count");
          if (count == 0) {
            continue;
          }
          files.add(dataFile(table, written, rows, count));
        }
      }
    } catch (SQLException e) {
      throw new StorageException("Cannot write Parquet for " + table.name() + ": " + e.getMessage(), e);
    }
    return publish(access, spec, files);
  }

  /** The written files as table files: the same files locally, uploaded ones on an object store. */
  private static List<DataFile> publish(
      LocalFileAccess access, PartitionSpec spec, List<DataFile> written) {
    try {
      return written.parallelStream()
          .map(file -> {
            String location = access.publish(java.nio.file.Path.of(file.location()));
            return location.equals(file.location())
                ? file
                : DataFiles.builder(spec).copy(file).withPath(location).build();
          })
          .toList();
    } catch (java.io.UncheckedIOException e) {
      throw new StorageException("Cannot upload data files: " + e.getMessage(), e);
    }
  }

  private static void createDirectories(String directory) {
    try {
      java.nio.file.Files.createDirectories(java.nio.file.Path.of(directory));
    } catch (java.io.IOException e) {
      throw new StorageException("Cannot create " + directory + ": " + e.getMessage(), e);
    }
  }

  @SuppressWarnings("unchecked")
  private static DataFile dataFile(Table table, Schema written, ResultSet row, long count)
      throws SQLException {
    PartitionSpec spec = table.spec();
    DataFiles.Builder builder =
        DataFiles.builder(spec)
            .withPath(row.getString("filename"))
            .withFormat(FileFormat.PARQUET)
            .withFileSizeInBytes(row.getLong("file_size_bytes"))
            .withRecordCount(count)
            .withMetrics(metrics(written, count, (Map<String, Object>) row.getObject("column_statistics")));
    if (spec.isPartitioned()) {
      Map<String, Object> keys = (Map<String, Object>) row.getObject("partition_keys");
      builder.withPartitionPath(spec.fields().get(0).name() + "=" + keys.get(PARTITION_COLUMN));
    }
    return builder.build();
  }

  @SuppressWarnings("unchecked")
  private static Metrics metrics(Schema schema, long count, Map<String, Object> statistics) {
    Map<Integer, Long> valueCounts = new HashMap<>();
    Map<Integer, Long> nullCounts = new HashMap<>();
    Map<Integer, Long> sizes = new HashMap<>();
    Map<Integer, ByteBuffer> lower = new HashMap<>();
    Map<Integer, ByteBuffer> upper = new HashMap<>();
    for (Types.NestedField field : schema.columns()) {
      // DuckDB keys the statistics by quoted column name.
      Object raw = statistics == null ? null : statistics.get('"' + field.name() + '"');
      if (!(raw instanceof Map<?, ?>)) {
        continue;
      }
      Map<String, Object> column = (Map<String, Object>) raw;
      int id = field.fieldId();
      valueCounts.put(id, count);
      putLong(nullCounts, id, column.get("null_count"));
      putLong(sizes, id, column.get("column_size_bytes"));
      putBound(lower, id, field.type(), column.get("min"), column.get("min_is_exact"));
      putBound(upper, id, field.type(), column.get("max"), column.get("max_is_exact"));
    }
    return new Metrics(count, sizes, valueCounts, nullCounts, null, lower, upper);
  }

  private static void putLong(Map<Integer, Long> target, int id, Object value) {
    if (value != null) {
      target.put(id, Long.parseLong(value.toString()));
    }
  }

  /** Only exact bounds of types with an unambiguous text form are kept; the rest are omitted. */
  private static void putBound(
      Map<Integer, ByteBuffer> target, int id, Type type, Object text, Object exact) {
    if (text == null || !"true".equals(String.valueOf(exact))) {
      return;
    }
    Object value = parse(type, text.toString());
    if (value != null) {
      target.put(id, Conversions.toByteBuffer(type, value));
    }
  }

  private static Object parse(Type type, String text) {
    return switch (type.typeId()) {
      case LONG -> Long.parseLong(text);
      case DATE -> (int) LocalDate.parse(text).toEpochDay();
      case DECIMAL -> new BigDecimal(text).setScale(((Types.DecimalType) type).scale());
      case TIMESTAMP -> ChronoUnit.MICROS.between(
          OffsetDateTime.parse("1970-01-01T00:00:00Z"), OffsetDateTime.parse(text, DUCK_TIMESTAMPTZ));
      default -> null;
    };
  }

}
