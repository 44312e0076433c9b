package dev.floe.engine;

import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/** The DuckDB type that reads and writes each Iceberg type Floe uses, bit for bit. */
final class DuckTypes {
  private DuckTypes() {}

  static String of(Type type) {
    return switch (type.typeId()) {
      case LONG -> "BIGINT";
      case INTEGER -> "INTEGER";
      case DOUBLE -> "DOUBLE";
      case STRING -> "VARCHAR";
      case DATE -> "DATE";
      case TIMESTAMP -> ((Types.TimestampType) type).shouldAdjustToUTC() ? "TIMESTAMPTZ" : "TIMESTAMP";
      case DECIMAL -> {
        Types.DecimalType decimal = (Types.DecimalType) type;
        yield "DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")";
      }
      default -> throw new IllegalArgumentException("Unsupported Iceberg type: " + type);
    };
  }
}
