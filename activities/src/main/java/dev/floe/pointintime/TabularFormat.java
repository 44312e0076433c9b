package dev.floe.pointintime;

import dev.floe.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Locale;

/** The file formats rows come in and go out in, chosen by the file name's extension. */
public enum TabularFormat {
  CSV(".csv", "FORMAT csv, HEADER true, TIMESTAMPFORMAT '%Y-%m-%dT%H:%M:%S.%fZ'"),
  PARQUET(".parquet", "FORMAT parquet");

  private final String extension;
  private final String copyOptions;

  TabularFormat(String extension, String copyOptions) {
    this.extension = extension;
    this.copyOptions = copyOptions;
  }

  /** The format of {@code file}; {@code role} (for example "--labels") names it in the error. */
  public static TabularFormat of(Path file, String role) {
    String name = file.getFileName() == null ? "" : file.getFileName().toString().toLowerCase(Locale.ROOT);
    for (TabularFormat format : values()) {
      if (name.endsWith(format.extension) && name.length() > format.extension.length()) {
        return format;
      }
    }
    throw new InvalidInputException(role + " '" + file + "' must be a .csv or .parquet file");
  }

  /** The options of a DuckDB COPY that writes this format. */
  public String copyOptions() {
    return copyOptions;
  }
}
