package dev.floe.pointintime;

import dev.floe.engine.SqlLiteral;
import static java.util.Objects.requireNonNull;

import dev.floe.engine.QueryExport;
import dev.floe.engine.SqlFile;
import dev.floe.engine.SqlStatement;
import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.error.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A file of labels: CSV with a header or Parquet, holding {@code user_id}, {@code label} and
 * {@code as_of_ts} plus any other columns, which are carried through untouched. {@code as_of_ts} is
 * an instant; one without an offset or zone is read as UTC, and a bare date as its midnight UTC.
 */
public record LabelFile(Path path, QueryExport.Format format) {
  static final List<String> REQUIRED_COLUMNS = List.of("user_id", "label", "as_of_ts");

  public LabelFile {
    requireNonNull(path, "path is null");
    requireNonNull(format, "format is null");
  }

  public static LabelFile of(Path path) {
    QueryExport.Format format;
    try {
      format = QueryExport.Format.of(path);
    } catch (InvalidInputException e) {
      throw new InvalidInputException("Label file '" + path + "' must be a .csv or .parquet file");
    }
    if (!Files.isRegularFile(path)) {
      // Not found, as the direct command's own check says: the same exit code with or without --workflow.
      throw new NotFoundException("Label file '" + path + "' does not exist");
    }
    return new LabelFile(path.toAbsolutePath().normalize(), format);
  }

  /**
   * The name every statement orders the labels by: a file's own column of that name would shadow
   * the row number (and, before it was refused, silently reordered the set).
   */
  static final String ROW_NUMBER_COLUMN = "rowid";

  /** DuckDB's name for a Parquet file's row number: a file with such a column is loaded instead. */
  private static final String PARQUET_ROW_NUMBER = "file_row_number";

  /**
   * How {@code labels} holds the file, and so how a statement selects the file's own columns from
   * it ({@code labels l}): a temporary table has a {@code rowid} pseudo-column, which {@code l.*}
   * leaves out; a view over a Parquet file numbers its rows in a real {@code rowid} column, which
   * has to be excluded. Either way {@code rowid} is the 0-based row in input order.
   */
  enum Loaded {
    TABLE("l.*"),
    PARQUET_IN_PLACE("l.* EXCLUDE (rowid)");

    private final String labelColumns;

    Loaded(String labelColumns) {
      this.labelColumns = labelColumns;
    }

    /** The select list of every column of the label file, for a statement reading {@code labels l}. */
    String labelColumns() {
      return labelColumns;
    }
  }

  /**
   * Makes the labels readable as {@code labels} in the connection, in input order, and checks every
   * row; InvalidInputException naming the row and field on the first bad one. A Parquet file is
   * read in place through a view (copying 10M rows into a table first cost 0.3-0.7 s); a CSV file
   * is parsed once into a temporary table.
   */
  Loaded loadInto(Connection connection, List<String> reservedColumns) {
    List<String> columns = columns(connection);
    for (String required : REQUIRED_COLUMNS) {
      if (!columns.contains(required)) {
        throw new InvalidInputException(
            "Label file '" + path + "' has no column " + required + ": it needs user_id, label and as_of_ts"
                + " (it has " + String.join(", ", columns) + ")");
      }
    }
    for (String reserved : reservedColumns) {
      if (columns.contains(reserved)) {
        throw new InvalidInputException(
            "Label file '" + path + "' already has a column " + reserved + ", which the training set adds:"
                + " rename it");
      }
    }
    if (columns.contains(ROW_NUMBER_COLUMN)) {
      throw new InvalidInputException(
          "Label file '" + path + "' has a column " + ROW_NUMBER_COLUMN + ", which the training set uses"
              + " for the input order: rename it");
    }
    Loaded loaded = Loaded.TABLE;
    if (format == QueryExport.Format.PARQUET && !columns.contains(PARQUET_ROW_NUMBER)) {
      PointInTimeSql.execute(
          connection,
          SqlStatement.of(
              SqlFile.load("training_labels_parquet_view")
                  .render(Map.of("labels", SqlLiteral.quote(path.toString())))));
      loaded = Loaded.PARQUET_IN_PLACE;
    } else if (format != QueryExport.Format.CSV || !loadedStrictly(connection)) {
      load(connection, tolerantRelation());
    }
    List<long[]> firstBad =
        SqlStatement.of(SqlFile.load("training_labels_first_bad").text())
            .query(connection, row -> new long[] {row.getLong("label_row"), row.getBoolean("bad_user_id") ? 1 : 0});
    if (!firstBad.isEmpty()) {
      throw badRow(connection, firstBad.get(0)[0], firstBad.get(0)[1] == 1);
    }
    return loaded;
  }

  /**
   * Loads a CSV file with user_id and as_of_ts parsed by the CSV reader itself, which is several
   * times cheaper than reading text and converting it (measured: 1.5 s against 5 s of CPU for 10M
   * rows). A value it cannot parse fails the whole statement, and its message is DuckDB's, not one
   * that names the field in Floe's terms, so that case returns false and the tolerant load runs to
   * find and name the row. The two agree on every value both accept.
   */
  private boolean loadedStrictly(Connection connection) {
    try {
      load(connection, strictCsvRelation());
      return true;
    } catch (InvalidInputException e) {
      return false;
    }
  }

  private void load(Connection connection, String relation) {
    try {
      PointInTimeSql.execute(
          connection, SqlStatement.of(SqlFile.load("training_labels_load").render(Map.of("labels", relation))));
    } catch (StorageException e) {
      // DuckDB fails a load only over the file's content (a value unlike the rest of its column).
      throw new InvalidInputException("Cannot read label file '" + path + "': " + e.getCause().getMessage(), e);
    }
  }

  private List<String> columns(Connection connection) {
    try (PreparedStatement statement =
            connection.prepareStatement("SELECT * FROM " + sniffedRelation() + " LIMIT 0");
        ResultSet rows = statement.executeQuery()) {
      ResultSetMetaData meta = rows.getMetaData();
      List<String> columns = new ArrayList<>();
      for (int i = 1; i <= meta.getColumnCount(); i++) {
        columns.add(meta.getColumnLabel(i).toLowerCase(Locale.ROOT));
      }
      return columns;
    } catch (SQLException e) {
      throw new InvalidInputException("Cannot read label file '" + path + "': " + e.getMessage(), e);
    }
  }

  private InvalidInputException badRow(Connection connection, long row, boolean badUserId) {
    String[] raw =
        SqlStatement.of(SqlFile.load("training_labels_raw_row").render(Map.of("labels", sniffedRelation())), row)
            .queryOne(connection, r -> new String[] {r.getString("user_id"), r.getString("as_of_ts")});
    String where = format == QueryExport.Format.CSV ? "line " + (row + 2) : "row " + (row + 1);
    String problem =
        badUserId
            ? describe("user_id", raw[0], "a whole number")
            : describe("as_of_ts", raw[1], "an ISO-8601 instant such as 2025-09-17T12:00:00Z");
    return new InvalidInputException("Label file '" + path + "' " + where + ": " + problem);
  }

  private static String describe(String field, String value, String expected) {
    return value == null
        ? field + " is missing"
        : field + " '" + value + "' is not " + expected;
  }

  /** The file as read for checking its columns and quoting its values: nothing converted. */
  private String sniffedRelation() {
    String file = SqlLiteral.quote(path.toString());
    return switch (format) {
      case CSV -> "read_csv(" + file + ", header = true, all_varchar = true)";
      case PARQUET -> SqlLiteral.parquetFile(path);
    };
  }

  /** A CSV file with user_id and as_of_ts parsed as they are loaded; other columns sniffed. */
  private String strictCsvRelation() {
    return "read_csv(" + SqlLiteral.quote(path.toString())
        + ", header = true, types = {'user_id': 'BIGINT', 'as_of_ts': 'TIMESTAMPTZ'})";
  }

  /**
   * The file as loaded when a value may be bad: user_id and as_of_ts read as text from CSV so the
   * load converts them itself (a bad value becomes a reported row, not a sniffing failure); other
   * columns sniffed.
   */
  private String tolerantRelation() {
    String file = SqlLiteral.quote(path.toString());
    return switch (format) {
      // trim() also keeps DuckDB from pushing the load's TRY_CAST into the CSV reader as a strict cast.
      case CSV ->
          "(SELECT * REPLACE (trim(user_id) AS user_id, trim(as_of_ts) AS as_of_ts) FROM read_csv("
              + file + ", header = true, types = {'user_id': 'VARCHAR', 'as_of_ts': 'VARCHAR'}))";
      case PARQUET -> SqlLiteral.parquetFile(path);
    };
  }
}
