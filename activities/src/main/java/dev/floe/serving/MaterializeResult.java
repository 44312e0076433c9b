package dev.floe.serving;

/**
 * What one materialize step did: the snapshot it looked at, whether readers now see it ({@code
 * published}; false when the store kept a newer one), whether anything had to be written ({@code
 * changed}; false when the store already served it), the users written and how long it took.
 */
public record MaterializeResult(long snapshotId, boolean published, boolean changed, long users, double seconds) {}
