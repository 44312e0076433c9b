package dev.floe.catalog;

import java.nio.file.Path;
import org.apache.iceberg.io.FileIO;

/**
 * How DuckDB, which reads and writes only local files here (its httpfs extension is downloaded at
 * run time, which a fresh or offline machine cannot do), reaches a table's data files. Every
 * {@link FileIO} a {@link FloeCatalog} hands out implements it: on the local warehouse the files
 * themselves, zero-copy; on an object store a local read-through copy and a staging area.
 */
public interface LocalFileAccess {
  /** A local file with the content of the data file at {@code location}. */
  Path readable(String location);

  /**
   * The local path where DuckDB writes what is to become {@code location} (a file or a directory
   * of files); {@link #publish} then makes each written file a table file.
   */
  Path writable(String location);

  /**
   * Makes a file DuckDB wrote under a {@link #writable} path a data file of the table, and returns
   * its location for the commit. Nothing is visible in the table until that commit.
   */
  String publish(Path writtenFile);

  /** The access of a catalog's {@code io}; every FileIO a {@link FloeCatalog} creates has one. */
  static LocalFileAccess of(FileIO io) {
    if (io instanceof LocalFileAccess access) {
      return access;
    }
    throw new IllegalStateException(
        "Cannot read " + io.getClass().getName() + " files with DuckDB: not a FileIO of FloeCatalog");
  }
}
