package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.features.registry.FeatureSelection;
import dev.floe.pointintime.FeatureSnapshotChoice;
import dev.floe.pointintime.OfflineFeatures;
import dev.floe.pointintime.OfflineLookup;
import dev.floe.pointintime.TimeText;
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
 *   <li>each takes an optional {@code features=a,b}: the answers gain a {@code features} object with
 *       one value per feature named (the old keys stay)
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
    return onlineFeatures(userId, null);
  }

  /** One user online; {@code features} (optional, {@code a,b}) names the features to answer. */
  public OnlineFeatures onlineFeatures(String userId, String features) {
    long user = wholeNumber("user_id", userId);
    return online.lookup(user, FeatureSelection.parse("features", features));
  }

  public OnlineFeaturesBatch onlineFeatures(OnlineFeaturesQuery query) {
    return onlineFeatures(query, null);
  }

  /** Several users online; {@code features} as for one user. */
  public OnlineFeaturesBatch onlineFeatures(OnlineFeaturesQuery query, String features) {
    List<String> selected = FeatureSelection.parse("features", features);
    if (query == null) {
      throw new InvalidInputException("The body is missing: expected {\"user_ids\": [1, 2, 3]}");
    }
    return online.lookup(query.userIds(), selected);
  }

  /** The point-in-time answer from Iceberg; {@code knownAt} (optional) picks the snapshot current then. */
  public OfflineLookup offlineFeatures(String userId, String asOf, String knownAt) {
    return offlineFeatures(userId, asOf, knownAt, null);
  }

  /** As {@link #offlineFeatures(String, String, String)}, with the {@code features} named ({@code a,b}). */
  public OfflineLookup offlineFeatures(String userId, String asOf, String knownAt, String features) {
    long user = wholeNumber("user_id", userId);
    Instant at = TimeText.instant("as_of", asOf);
    FeatureSnapshotChoice choice =
        knownAt == null ? FeatureSnapshotChoice.current() : FeatureSnapshotChoice.knownAt(TimeText.instant("known_at", knownAt));
    return new OfflineFeatures(catalog).lookup(user, at, choice, FeatureSelection.parse("features", features));
  }

  private static long wholeNumber(String field, String text) {
    try {
      return Long.parseLong(text == null ? "" : text.trim());
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field + " '" + text + "' is not a whole number");
    }
  }
}
