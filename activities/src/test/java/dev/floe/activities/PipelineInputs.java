package dev.floe.activities;

import dev.floe.workflows.FloeJson;
import dev.floe.workflows.PipelineInput;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Inputs and files the real-pipeline tests share. */
final class PipelineInputs {
  static final LocalDate END_DATE = LocalDate.of(2025, 9, 17);

  private PipelineInputs() {}

  /** A small generate run: fixed end date and seed, so two runs of it produce the same rows. */
  static PipelineInput generate(int users, long events) {
    return parse("{\"users\": " + users + ", \"events\": " + events + ", \"days\": 30, \"end_date\": \"" + END_DATE
        + "\", \"seed\": 11}");
  }

  static PipelineInput parse(String json) {
    try {
      return FloeJson.mapper().readValue(json, PipelineInput.class);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A CSV of {@code days × users} transactions ending on {@link #END_DATE}, in the ingest format. */
  static Path transactionsCsv(Path directory, int users, int days) {
    Random random = new Random(5);
    List<String> lines = new ArrayList<>(List.of("id,user_id,amount,vendor_id,event_timestamp"));
    long id = 1;
    for (int day = 0; day < days; day++) {
      LocalDate date = END_DATE.minusDays(days - 1L - day);
      for (int user = 0; user < users; user++) {
        Instant at = date.atStartOfDay(ZoneOffset.UTC).toInstant().plusSeconds(random.nextInt(86_400));
        BigDecimal amount = BigDecimal.valueOf(1 + random.nextDouble() * 99).setScale(2, RoundingMode.HALF_UP);
        lines.add(id++ + "," + user + "," + amount + "," + (1 + random.nextInt(1000)) + "," + at);
      }
    }
    try {
      Path file = directory.resolve("transactions.csv");
      Files.write(file, lines);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
