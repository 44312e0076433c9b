package dev.floe.pointintime;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSetMetaData;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Reads a CSV or Parquet file Floe wrote back as rows in file order, for assertions. */
public final class OutputRows {
  private OutputRows() {}

  public static List<Map<String, Object>> read(Path file) {
    String quoted = "'" + file.toString().replace("'", "''") + "'";
    String relation =
        file.toString().endsWith(".csv") ? "read_csv(" + quoted + ", header = true)" : "read_parquet(" + quoted + ")";
    try (Connection connection = PointInTimeSql.open()) {
      return dev.floe.engine.SqlStatement.of("SELECT * FROM " + relation).query(
          connection,
          row -> {
            ResultSetMetaData meta = row.getMetaData();
            Map<String, Object> values = new LinkedHashMap<>();
            for (int i = 1; i <= meta.getColumnCount(); i++) {
              Object value = row.getObject(i);
              values.put(meta.getColumnLabel(i), value instanceof OffsetDateTime t ? t.toInstant() : value);
            }
            return values;
          });
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
