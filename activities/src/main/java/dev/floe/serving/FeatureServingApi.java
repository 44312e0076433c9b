package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.OfflineFeatures;
import dev.floe.pointintime.OfflineLookup;
import dev.floe.pointintime.TimeText;
import dev.floe.pointintime.TrainingSetBuilder;
import dev.floe.pointintime.TrainingSetRequest;
import dev.floe.pointintime.TrainingSetSummary;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The feature-serving HTTP API as plain methods, one per route, taking the raw path and query
 * values and returning the response records; the web app mounts them and maps Floe's exceptions
 * to statuses once (InvalidInputException → 400, NotFoundException → 404):
 *
 * <ul>
 *   <li>{@code GET /features/online/{user_id}} → {@link #onlineFeatures(String)}
 *   <li>{@code POST /features/online} with {@code {"user_ids": [...]}} → {@link
 *       #onlineFeatures(OnlineFeaturesQuery)}
 *   <li>{@code GET /features/offline/{user_id}?as_of=T[&known_at=T2]} → {@link
 *       #offlineFeatures(String, String, String)}
 *   <li>{@code GET /training-set?labels=FILE&out=FILE&(model=V|snapshot=S|known_at=T2)[&ttl=D]} →
 *       {@link #trainingSet(String, String, String, String, String, String)}
 * </ul>
 */
public final class FeatureServingApi {
  private final FloeCatalog catalog;
  private final OnlineFeatureService online;

  public FeatureServingApi(FloeCatalog catalog, OnlineFeatureService online) {
    this.catalog = requireNonNull(catalog, "catalog is null");
    this.online = requireNonNull(online, "online is null");
  }

  public OnlineFeatures onlineFeatures(String userId) {
    return online.lookup(wholeNumber("user_id", userId));
  }

  public OnlineFeaturesBatch onlineFeatures(OnlineFeaturesQuery query) {
    if (query == null) {
      throw new InvalidInputException("The body is missing: expected {\"user_ids\": [1, 2, 3]}");
    }
    return online.lookup(query.userIds());
  }

  /** The point-in-time answer from Iceberg; {@code knownAt} (optional) picks the snapshot current then. */
  public OfflineLookup offlineFeatures(String userId, String asOf, String knownAt) {
    long user = wholeNumber("user_id", userId);
    Instant at = TimeText.instant("as_of", asOf);
    FeatureSnapshotChoice choice =
        knownAt == null ? FeatureSnapshotChoice.current() : FeatureSnapshotChoice.knownAt(TimeText.instant("known_at", knownAt));
    return new OfflineFeatures(catalog).lookup(user, at, choice);
  }

  /** Builds a training set from a label file on the server into {@code out}; one snapshot choice is required. */
  public TrainingSetSummary trainingSet(
      String labels, String out, String model, String snapshot, String knownAt, String ttl) {
    if (labels == null || labels.isBlank()) {
      throw new InvalidInputException("labels is missing: the path of a .csv or .parquet label file");
    }
    if (out == null || out.isBlank()) {
      throw new InvalidInputException("out is missing: the path of the .csv or .parquet file to write");
    }
    if (model == null && snapshot == null && knownAt == null) {
      throw new InvalidInputException("Give one of model, snapshot or known_at to choose the feature snapshot");
    }
    FeatureSnapshotChoice choice =
        FeatureSnapshotChoice.fromOptions(
            model,
            snapshot == null ? null : wholeNumber("snapshot", snapshot),
            knownAt == null ? null : TimeText.instant("known_at", knownAt),
            List.of("model", "snapshot", "known_at"));
    Duration timeToLive = ttl == null ? null : TimeText.duration("ttl", ttl);
    return new TrainingSetBuilder(catalog)
        .build(new TrainingSetRequest(Path.of(labels), choice, timeToLive, Path.of(out)));
  }

  private static long wholeNumber(String field, String text) {
    try {
      return Long.parseLong(text == null ? "" : text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field + " '" + text + "' is not a whole number");
    }
  }
}
