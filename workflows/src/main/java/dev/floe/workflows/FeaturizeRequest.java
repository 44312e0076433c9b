package dev.floe.workflows;

/** Compute user_features from a raw_events snapshot; null means the current one. */
public record FeaturizeRequest(Long rawSnapshotId) {}
