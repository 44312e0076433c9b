package dev.floe.error;

/** A failure of the storage engine itself (I/O, DuckDB, the catalog): possibly transient. */
public final class StorageException extends FloeException {
  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public String type() {
    return "Storage";
  }
}
