package dev.floe.worker.bench;

import dev.floe.error.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The fresh directory a benchmark runs in, and its removal afterwards. */
public final class BenchDirectory {
  private BenchDirectory() {}

  /** A new {@code floe-bench-*} directory in {@code parent}, or in the system's temporary one. */
  public static Path create(Path parent) {
    Path where = parent != null ? parent : Path.of(System.getProperty("java.io.tmpdir"));
    try {
      Files.createDirectories(where);
      return Files.createTempDirectory(where, "floe-bench-");
    } catch (IOException e) {
      throw new StorageException(
          "Cannot create a benchmark directory in " + where + ": " + e.getMessage(), e);
    }
  }

  /** Removes {@code directory} and everything under it. */
  public static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(BenchDirectory::deleteOne);
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException(
          "Cannot delete benchmark directory " + directory + ": " + e.getMessage(), e);
    }
  }

  private static void deleteOne(Path path) {
    try {
      Files.delete(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
