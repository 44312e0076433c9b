package dev.floe.workflows;

import java.time.LocalDate;

/** What one anomaly spec did: which date it hit, how many amounts it multiplied or added. */
public record AnomalyOutcome(
    long userId,
    int day,
    LocalDate date,
    double multiplier,
    int eventsThatDay,
    int multiplied,
    int added) {}
