package dev.floe.generate;

import static dev.floe.generate.EventGenerator.execute;

import dev.floe.engine.SqlFile;
import dev.floe.workflows.AnomalyOutcome;
import dev.floe.workflows.AnomalySpec;
import dev.floe.workflows.GenerateRequest;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Which generated events a request's anomaly specs change, and which they add, held in the DuckDB
 * temp table {@code anomaly_events} that the batch statement joins. Computed from the generated
 * rows alone, so a retry of the same request plans exactly the same anomalies.
 */
record AnomalyPlan(List<AnomalyOutcome> outcomes, long addedEvents) {
  AnomalyPlan {
    outcomes = List.copyOf(outcomes);
  }

  static AnomalyPlan prepare(Connection connection, GenerateRequest request, LocalDate windowStart)
      throws SQLException {
    List<AnomalySpec> specs = request.anomalies();
    execute(connection, SqlFile.load("generate_anomaly_specs_table").text());
    try (PreparedStatement insert =
        connection.prepareStatement(SqlFile.load("generate_anomaly_specs_insert").text())) {
      for (int i = 0; i < specs.size(); i++) {
        AnomalySpec spec = specs.get(i);
        insert.setInt(1, i);
        insert.setLong(2, spec.userId());
        insert.setInt(3, spec.day());
        // The shortest decimal that reads back as the double: what the user wrote, e.g. 0.3, not
        // 0.2999…
        insert.setString(4, BigDecimal.valueOf(spec.multiplier()).toPlainString());
        insert.setString(5, BigDecimal.valueOf(spec.proportion()).toPlainString());
        if (spec.n() == null) {
          insert.setNull(6, Types.INTEGER);
        } else {
          insert.setInt(6, spec.n());
        }
        insert.execute();
      }
    }
    execute(
        connection,
        SqlFile.load("generate_anomaly_hits").text(),
        request.seed(),
        request.events(),
        request.users(),
        request.days());
    execute(connection, SqlFile.load("generate_anomaly_outcomes").text());
    execute(connection, SqlFile.load("generate_anomaly_events").text(), request.events());

    List<AnomalyOutcome> outcomes = new ArrayList<>();
    long added = 0;
    try (PreparedStatement read =
            connection.prepareStatement(SqlFile.load("generate_anomaly_outcomes_read").text());
        ResultSet rows = read.executeQuery()) {
      while (rows.next()) {
        AnomalySpec spec = specs.get(rows.getInt("spec_index"));
        outcomes.add(
            new AnomalyOutcome(
                spec.userId(),
                spec.day(),
                windowStart.plusDays(spec.day()),
                spec.multiplier(),
                Math.toIntExact(rows.getLong("events_that_day")),
                Math.toIntExact(rows.getLong("multiplied")),
                Math.toIntExact(rows.getLong("added"))));
        added += rows.getLong("added");
      }
    }
    return new AnomalyPlan(outcomes, added);
  }
}
