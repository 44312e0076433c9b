package dev.floe.catalog;

import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Floe's Iceberg catalog: a JDBC catalog on a SQLite file plus a local warehouse, both inside one
 * data directory, so the embedded default needs no server.
 */
public final class FloeCatalog implements AutoCloseable {
  private static final Namespace NAMESPACE = Namespace.of("default");

  private final Path dataDir;
  private final JdbcCatalog catalog;

  private FloeCatalog(Path dataDir, JdbcCatalog catalog) {
    this.dataDir = dataDir;
    this.catalog = catalog;
  }

  public static FloeCatalog open(Path dataDir) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    Path warehouse = absolute.resolve("warehouse");
    try {
      Files.createDirectories(warehouse);
    } catch (IOException e) {
      throw new StorageException("Cannot create data directory " + absolute + ": " + e.getMessage(), e);
    }
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(
        "floe",
        Map.of(
            CatalogProperties.URI, "jdbc:sqlite:" + absolute.resolve("catalog.db"),
            CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString(),
            CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
            "jdbc.schema-version", "V1"));
    return new FloeCatalog(absolute, catalog);
  }

  public Path dataDir() {
    return dataDir;
  }

  public boolean exists(FloeTable table) {
    return catalog.tableExists(identifier(table));
  }

  /** Loads a table that must exist; a missing one is a user-facing error that says what to run. */
  public Table load(FloeTable table) {
    try {
      return catalog.loadTable(identifier(table));
    } catch (NoSuchTableException e) {
      throw new NotFoundException(
          "Table " + table.tableName() + " does not exist in " + dataDir + ": " + hintFor(table));
    }
  }

  /** Loads a table, creating it empty first if this data directory does not have it yet. */
  public Table loadOrCreate(FloeTable table) {
    if (!exists(table)) {
      try {
        catalog.createTable(
            identifier(table),
            table.schema(),
            table.partitionSpec(table.schema()),
            Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.DEFAULT_FILE_FORMAT, "parquet"));
      } catch (AlreadyExistsException e) {
        // Another process created it between our check and our create: theirs is as good as ours.
      }
    }
    return catalog.loadTable(identifier(table));
  }

  private static TableIdentifier identifier(FloeTable table) {
    return TableIdentifier.of(NAMESPACE, table.tableName());
  }

  private static String hintFor(FloeTable table) {
    return switch (table) {
      case RAW_EVENTS -> "run 'floe generate' or 'floe ingest FILE' first";
      case USER_FEATURES -> "run 'floe featurize' first";
      case MODEL_TRAINING_METADATA -> "run 'floe train' first";
      case FEATURE_DEFINITIONS -> "run 'floe features apply' first";
    };
  }

  @Override
  public void close() {
    catalog.close();
  }
}
