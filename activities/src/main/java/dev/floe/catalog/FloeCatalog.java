package dev.floe.catalog;

import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import dev.floe.error.StorageFailures;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.Closeable;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.jdbc.JdbcCatalog;
import org.apache.iceberg.rest.RESTCatalog;

/**
 * Floe's Iceberg catalog. By default a JDBC catalog on a SQLite file plus a local warehouse, both
 * inside one data directory, so the embedded default needs no server. With {@link CatalogSettings}
 * naming a REST catalog, Iceberg's own {@link RESTCatalog} with tables in S3-compatible storage
 * (through {@link ObjectStoreFileIO}); the data directory then holds only local copies of data
 * files for DuckDB ({@code object-cache/}) and the files being written ({@code staging/}).
 */
public final class FloeCatalog implements AutoCloseable {
  private static final Namespace NAMESPACE = Namespace.of("default");

  private final Path dataDir;
  private final String description;
  private final Catalog catalog;

  private FloeCatalog(Path dataDir, String description, Catalog catalog) {
    this.dataDir = dataDir;
    this.description = description;
    this.catalog = catalog;
  }

  /** The embedded catalog of {@code dataDir}. */
  public static FloeCatalog open(Path dataDir) {
    return open(dataDir, CatalogSettings.embedded());
  }

  /** The catalog {@code settings} name, with {@code dataDir} for what must be local. */
  public static FloeCatalog open(Path dataDir, CatalogSettings settings) {
    Path absolute = dataDir.toAbsolutePath().normalize();
    if (settings.isRest()) {
      return openRest(absolute, settings);
    }
    Path warehouse =
        settings.warehouse() == null
            ? absolute.resolve("warehouse")
            : LocalFileIO.toPath(settings.warehouse()).toAbsolutePath().normalize();
    createDirectories(warehouse);
    String uri =
        settings.catalog() == null ? "jdbc:sqlite:" + absolute.resolve("catalog.db") : settings.catalog();
    JdbcCatalog catalog = new JdbcCatalog();
    catalog.initialize(
        "floe",
        Map.of(
            CatalogProperties.URI, uri,
            CatalogProperties.WAREHOUSE_LOCATION, warehouse.toString(),
            CatalogProperties.FILE_IO_IMPL, LocalFileIO.class.getName(),
            "jdbc.schema-version", "V1"));
    return new FloeCatalog(
        absolute, settings.catalog() == null ? absolute.toString() : settings.describe(), catalog);
  }

  private static FloeCatalog openRest(Path dataDir, CatalogSettings settings) {
    settings.credentials().requireKeyPair("Cannot open " + settings.describe());
    Path cache = dataDir.resolve("object-cache");
    Path staging = dataDir.resolve("staging");
    createDirectories(cache);
    createDirectories(staging);
    Map<String, String> properties = new HashMap<>(settings.s3Properties());
    properties.put(CatalogProperties.URI, settings.restUri());
    if (settings.warehouse() != null) {
      properties.put(CatalogProperties.WAREHOUSE_LOCATION, settings.warehouse());
    }
    properties.put(CatalogProperties.FILE_IO_IMPL, ObjectStoreFileIO.class.getName());
    properties.put(ObjectStoreFileIO.CACHE_DIR, cache.toString());
    properties.put(ObjectStoreFileIO.STAGING_DIR, staging.toString());
    RESTCatalog catalog = new RESTCatalog();
    try {
      catalog.initialize("floe", properties);
      if (!catalog.namespaceExists(NAMESPACE)) {
        try {
          catalog.createNamespace(NAMESPACE);
        } catch (AlreadyExistsException e) {
          // Another process created it first.
        }
      }
    } catch (RuntimeException e) {
      closeQuietly(catalog);
      throw StorageFailures.of("Cannot open " + settings.describe(), e);
    }
    return new FloeCatalog(dataDir, settings.describe(), catalog);
  }

  private static void createDirectories(Path directory) {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new StorageException("Cannot create data directory " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    try {
      closeable.close();
    } catch (IOException | RuntimeException e) {
      // Already failing with the more useful error.
    }
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
          "Table " + table.tableName() + " does not exist in " + description + ": " + hintFor(table));
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
    if (catalog instanceof Closeable closeable) {
      try {
        closeable.close();
      } catch (IOException e) {
        throw new StorageException("Cannot close " + description + ": " + e.getMessage(), e);
      }
    }
  }
}
