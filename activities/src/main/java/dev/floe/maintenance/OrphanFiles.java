package dev.floe.maintenance;

import dev.floe.catalog.LocalFileIO;
import dev.floe.error.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.ManifestFile;
import org.apache.iceberg.ManifestFiles;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.SupportsPrefixOperations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Files in a table's directory that no snapshot reaches: left by a writer that died between writing
 * its Parquet files and committing them, or by a commit that failed. Deleted only when all of these
 * hold: the file lies under the table's {@code data/} directory, or is a manifest or manifest list
 * ({@code .avro}) under {@code metadata/} (table metadata JSON is never touched); no remaining
 * snapshot's manifest list, manifests or live data files name it; and it was last modified before
 * the cutoff, so a write still in progress (its files not yet committed) is never taken for an
 * orphan.
 */
final class OrphanFiles {
  private static final Logger LOG = LoggerFactory.getLogger(OrphanFiles.class);

  private final Table table;

  private OrphanFiles(Table table) {
    this.table = table;
  }

  static OrphanFiles of(Table table) {
    return new OrphanFiles(table);
  }

  record Deleted(int files, long bytes) {}

  private record Listed(String location, String key, long size, Instant modified) {}

  Deleted deleteOlderThan(Instant cutoff) {
    table.refresh();
    String root = key(table.location());
    Set<String> reachable = reachable();
    int files = 0;
    long bytes = 0;
    Set<String> emptied = new HashSet<>();
    for (Listed file : list()) {
      String relative = file.key().startsWith(root + "/") ? file.key().substring(root.length() + 1) : null;
      boolean candidate =
          relative != null
              && (relative.startsWith("data/")
                  || (relative.startsWith("metadata/") && relative.endsWith(".avro")));
      if (!candidate || reachable.contains(file.key()) || !file.modified().isBefore(cutoff)) {
        continue;
      }
      table.io().deleteFile(file.location());
      LOG.info("Deleted orphan file {} of {}", file.location(), table.name());
      files++;
      bytes += file.size();
      emptied.add(file.key().substring(0, file.key().lastIndexOf('/')));
    }
    deleteEmptyDataDirectories(cutoff, emptied);
    return new Deleted(files, bytes);
  }

  /** Every file a remaining snapshot needs, and the table metadata files, as keys. */
  private Set<String> reachable() {
    Set<String> reachable = new HashSet<>();
    reachable.add(key(currentMetadataLocation()));
    for (Snapshot snapshot : table.snapshots()) {
      if (snapshot.manifestListLocation() != null) {
        reachable.add(key(snapshot.manifestListLocation()));
      }
      for (ManifestFile manifest : snapshot.allManifests(table.io())) {
        reachable.add(key(manifest.path()));
        try (CloseableIterable<String> paths = ManifestFiles.readPaths(manifest, table.io(), table.specs())) {
          paths.forEach(path -> reachable.add(key(path)));
        } catch (IOException e) {
          throw new StorageException(
              "Cannot read manifest " + manifest.path() + ": " + e.getMessage(), e);
        }
      }
    }
    return reachable;
  }

  private String currentMetadataLocation() {
    return ((HasTableOperations) table).operations().current().metadataFileLocation();
  }

  private List<Listed> list() {
    List<Listed> listed = new ArrayList<>();
    if (table.io() instanceof SupportsPrefixOperations prefixes) {
      for (FileInfo file : prefixes.listPrefix(table.location())) {
        listed.add(
            new Listed(
                file.location(),
                key(file.location()),
                file.size(),
                Instant.ofEpochMilli(file.createdAtMillis())));
      }
      return listed;
    }
    Path root = LocalFileIO.toPath(table.location());
    if (!Files.isDirectory(root)) {
      return listed;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      paths
          .filter(Files::isRegularFile)
          .forEach(
              path -> {
                try {
                  listed.add(
                      new Listed(
                          path.toString(),
                          path.toString(),
                          Files.size(path),
                          Files.getLastModifiedTime(path).toInstant()));
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              });
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("Cannot list " + root + ": " + e.getMessage(), e);
    }
    return listed;
  }

  /**
   * Empty directories under data/ (local warehouses only): those this pass emptied, and those
   * older than the cutoff (a writer creates its directory just before writing into it).
   */
  private void deleteEmptyDataDirectories(Instant cutoff, Set<String> emptied) {
    if (table.io() instanceof SupportsPrefixOperations) {
      return;
    }
    Path data = LocalFileIO.toPath(table.location()).resolve("data");
    if (!Files.isDirectory(data)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(data)) {
      for (Path directory :
          paths.filter(Files::isDirectory).sorted(Comparator.reverseOrder()).toList()) {
        if (directory.equals(data)) {
          continue;
        }
        try (Stream<Path> children = Files.list(directory)) {
          if (children.findAny().isEmpty()
              && (emptied.contains(directory.toString())
                  || Files.getLastModifiedTime(directory).toInstant().isBefore(cutoff))) {
            Files.delete(directory);
          }
        }
      }
    } catch (IOException e) {
      LOG.warn("Cannot remove empty directories under {}: {}", data, e.getMessage());
    }
  }

  /** A location as one comparable string: a local path, or the location itself elsewhere. */
  private String key(String location) {
    if (table.io() instanceof SupportsPrefixOperations) {
      return location;
    }
    return LocalFileIO.toPath(location).normalize().toString();
  }
}
