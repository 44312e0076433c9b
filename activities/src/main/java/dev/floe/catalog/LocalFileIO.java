package dev.floe.catalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.iceberg.io.FileIO;
import org.apache.iceberg.io.InputFile;
import org.apache.iceberg.io.OutputFile;

/**
 * A {@link FileIO} over java.nio for the local warehouse. iceberg-core's only local FileIO is
 * HadoopFileIO, which would pull the whole Hadoop client into the jar for what is a few lines here.
 * DuckDB reads and writes the table's own files in place.
 */
public final class LocalFileIO implements FileIO, LocalFileAccess {
  @Override
  public InputFile newInputFile(String location) {
    return org.apache.iceberg.Files.localInput(toPath(location).toFile());
  }

  @Override
  public OutputFile newOutputFile(String location) {
    Path path = toPath(location);
    try {
      Files.createDirectories(path.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create directory for " + location, e);
    }
    return org.apache.iceberg.Files.localOutput(path.toFile());
  }

  @Override
  public void deleteFile(String location) {
    try {
      Files.deleteIfExists(toPath(location));
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot delete " + location, e);
    }
  }

  @Override
  public Path readable(String location) {
    return toPath(location);
  }

  @Override
  public Path writable(String location) {
    return toPath(location);
  }

  @Override
  public String publish(Path writtenFile) {
    return writtenFile.toString();
  }

  /** Accepts both plain paths and {@code file:} URIs, the two forms Iceberg metadata holds. */
  public static Path toPath(String location) {
    if (location.startsWith("file:")) {
      return Path.of(URI.create(location.startsWith("file:///") ? location : "file://" + location.substring(5)));
    }
    return Path.of(location);
  }
}
