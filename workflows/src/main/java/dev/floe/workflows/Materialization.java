package dev.floe.workflows;

/**
 * What the materialize step did: the feature snapshot it looked at, whether readers now see it
 * ({@code published}; false when the store already held a newer one) and the users it holds.
 */
public record Materialization(long featureSnapshotId, boolean published, long users) {}
