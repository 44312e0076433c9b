package dev.floe.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.UUID;
import org.apache.iceberg.aws.s3.S3FileIO;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.FileInfo;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;
import org.apache.iceberg.io.SupportsBulkOperations;
import org.apache.iceberg.io.SupportsPrefixOperations;

/**
 * Iceberg's {@link S3FileIO}, plus the local files DuckDB works on. Iceberg data files never change
 * once written, so a file read once is kept in a read-through cache, keyed by its location (the
 * cache mirrors {@code s3://bucket/key} as {@code CACHE/s3/bucket/key}); DuckDB writes into a
 * staging directory, and {@link #publish} uploads each file through S3FileIO before the commit and
 * moves it into the cache, so the writer's next read of it costs nothing.
 *
 * <p>Configured by catalog properties: S3FileIO's own ({@code s3.endpoint}, {@code
 * s3.path-style-access}, credentials, {@code client.region}) and {@value #CACHE_DIR} and
 * {@value #STAGING_DIR}.
 */
public final class ObjectStoreFileIO
    implements FileIO, SupportsBulkOperations, SupportsPrefixOperations, LocalFileAccess {
  public static final String CACHE_DIR = "floe.object-cache-dir";
  public static final String STAGING_DIR = "floe.staging-dir";

  private S3FileIO objects;
  private Path cacheRoot;
  private Path stagingRoot;
  private Map<String, String> properties;

  /** For Iceberg's {@code CatalogUtil.loadFileIO}, which then calls {@link #initialize}. */
  public ObjectStoreFileIO() {}

  @Override
  public void initialize(Map<String, String> newProperties) {
    this.properties = Map.copyOf(newProperties);
    this.cacheRoot = requiredDirectory(newProperties, CACHE_DIR);
    this.stagingRoot = requiredDirectory(newProperties, STAGING_DIR);
    this.objects = new S3FileIO();
    objects.initialize(newProperties);
  }

  @Override
  public Map<String, String> properties() {
    return properties;
  }

  @Override
  public InputFile newInputFile(String location) {
    return objects.newInputFile(location);
  }

  @Override
  public InputFile newInputFile(String location, long length) {
    return objects.newInputFile(location, length);
  }

  @Override
  public OutputFile newOutputFile(String location) {
    return objects.newOutputFile(location);
  }

  @Override
  public void deleteFile(String location) {
    objects.deleteFile(location);
  }

  @Override
  public void deleteFiles(Iterable<String> locations) {
    objects.deleteFiles(locations);
  }

  /** Lists a table's objects, so {@code floe maintain} finds orphan files on an object store too. */
  @Override
  public Iterable<FileInfo> listPrefix(String prefix) {
    return objects.listPrefix(prefix);
  }

  @Override
  public void deletePrefix(String prefix) {
    objects.deletePrefix(prefix);
  }

  @Override
  public Path readable(String location) {
    Path cached = mirror(cacheRoot, location);
    if (Files.isRegularFile(cached)) {
      return cached;
    }
    try {
      Files.createDirectories(cached.getParent());
      // Another process or thread may fetch the same file: each writes its own temporary file and
      // the rename is atomic, so a reader never sees a partial file.
      Path temporary = cached.resolveSibling(cached.getFileName() + "." + UUID.randomUUID() + ".part");
      try (InputStream in = objects.newInputFile(location).newStream()) {
        Files.copy(in, temporary);
      }
      Files.move(temporary, cached, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return cached;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + location + " to " + cached, e);
    }
  }

  @Override
  public Path writable(String location) {
    return mirror(stagingRoot, location);
  }

  @Override
  public String publish(Path writtenFile) {
    Path relative = stagingRoot.relativize(writtenFile.toAbsolutePath().normalize());
    if (relative.startsWith("..") || relative.getNameCount() < 3) {
      throw new IllegalArgumentException("Cannot publish " + writtenFile + ": not under " + stagingRoot);
    }
    String location =
        relative.getName(0) + "://" + relative.subpath(1, relative.getNameCount()).toString().replace('\\', '/');
    try (OutputStream out = objects.newOutputFile(location).createOrOverwrite()) {
      Files.copy(writtenFile, out);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot upload " + writtenFile + " to " + location, e);
    }
    Path cached = mirror(cacheRoot, location);
    try {
      Files.createDirectories(cached.getParent());
      Files.move(writtenFile, cached, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot keep " + writtenFile + " in the cache " + cacheRoot, e);
    }
    return location;
  }

  @Override
  public void close() {
    if (objects != null) {
      objects.close();
    }
  }

  /** {@code scheme://bucket/key} as {@code root/scheme/bucket/key}, never outside {@code root}. */
  private static Path mirror(Path root, String location) {
    int separator = location.indexOf("://");
    if (separator <= 0) {
      throw new IllegalArgumentException("Cannot map location " + location + ": expected scheme://bucket/key");
    }
    Path path =
        root.resolve(location.substring(0, separator)).resolve(location.substring(separator + 3)).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("Cannot map location " + location + ": it leaves " + root);
    }
    return path;
  }

  private static Path requiredDirectory(Map<String, String> properties, String key) {
    String value = properties.get(key);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("Missing catalog property " + key);
    }
    return Path.of(value).toAbsolutePath().normalize();
  }
}
