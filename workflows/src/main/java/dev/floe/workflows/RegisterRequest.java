package dev.floe.workflows;

import java.time.Instant;

/**
 * Register a calibrated model. {@code startedAt} is the run's start (the version is {@code v} +
 * its UTC {@code yyyyMMddHHmmss}); passing it in keeps a retried register idempotent.
 */
public record RegisterRequest(Calibration calibration, Instant startedAt) {}
