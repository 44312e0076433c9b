package dev.floe.serving;

import static java.util.Objects.requireNonNull;

import dev.floe.error.InvalidInputException;
import dev.floe.error.NotFoundException;
import dev.floe.pointintime.FeatureValue;
import dev.floe.pointintime.KnownTime;
import dev.floe.pointintime.NewestFeatureRows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Online feature lookups over any {@link OnlineStore}: picks, of each user's kept rows, the newest
 * one known at the clock's instant (what the offline lookup {@code as_of=now} answers on the same
 * snapshot), and adds when it became known, its age and the {@code stale} flag, the same way
 * whichever store holds the rows.
 */
public final class OnlineFeatureService {
  public static final int MAX_BATCH = 1_000;
  /** A day's row is normally replaced a day after it became known; two days means a missed run. */
  public static final Duration DEFAULT_TTL = Duration.ofDays(2);

  private final OnlineStore store;
  private final Duration ttl;
  private final Clock clock;

  public OnlineFeatureService(OnlineStore store, Duration ttl, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.ttl = requireNonNull(ttl, "ttl is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  public Duration ttl() {
    return ttl;
  }

  public OnlineFeatures lookup(long userId) {
    return lookup(List.of(userId)).features().get(0);
  }

  /** As {@link #lookup(long)}, with the {@code features} named (null: spending_mean_7d alone, as always). */
  public OnlineFeatures lookup(long userId, List<String> features) {
    return lookup(List.of(userId), features).features().get(0);
  }

  /** Up to {@value #MAX_BATCH} users at once, answered in the order asked, duplicates included. */
  public OnlineFeaturesBatch lookup(List<Long> userIds) {
    return lookup(userIds, null);
  }

  /**
   * As {@link #lookup(List)}, each answer with the {@code features} named (null: none beyond
   * spending_mean_7d). The store keeps every feature column of its snapshot, which are exactly the
   * features applied when it was built, so a feature it does not keep is refused, naming those it does.
   */
  public OnlineFeaturesBatch lookup(List<Long> userIds, List<String> features) {
    requireNonNull(userIds, "userIds is null");
    if (userIds.isEmpty() || userIds.size() > MAX_BATCH) {
      throw new InvalidInputException(
          "user_ids must hold 1 to " + MAX_BATCH + " user ids, got " + userIds.size());
    }
    ServedFeatures served = store.read(userIds);
    if (served.snapshotId() == null) {
      throw new NotFoundException(
          "The online store serves no feature snapshot yet: run 'floe featurize', then wait for the"
              + " store to load it");
    }
    if (features != null) {
      List<String> missing = features.stream().filter(name -> !served.columns().contains(name)).toList();
      if (!missing.isEmpty()) {
        throw new InvalidInputException(
            "Feature '" + missing.get(0) + "' is not served: the online store's snapshot " + served.snapshotId()
                + " holds " + String.join(", ", served.columns())
                + " (a feature must be applied and featurized before it is served)");
      }
    }
    Instant now = clock.instant();
    List<OnlineFeatures> answers = new ArrayList<>(userIds.size());
    for (long userId : userIds) {
      NewestFeatureRows rows = served.found().get(userId);
      answers.add(answer(userId, rows, served.snapshotId(), now, features));
    }
    return new OnlineFeaturesBatch(served.snapshotId(), answers);
  }

  private OnlineFeatures answer(
      long userId, NewestFeatureRows rows, long snapshotId, Instant now, List<String> features) {
    if (rows == null) {
      return new OnlineFeatures(userId, false, null, null, snapshotId, null, null, false, null, none(features));
    }
    FeatureValue row = rows.knownAt(now);
    if (row == null) {
      return new OnlineFeatures(
          userId, false, null, null, snapshotId, null, null, false, rows.firstKnownFrom(), none(features));
    }
    Instant knownFrom = KnownTime.knownFrom(row.dt());
    Duration age = Duration.between(knownFrom, now);
    return new OnlineFeatures(
        userId, true, row.dt(), row.spendingMean7d(), snapshotId, knownFrom, age.toSeconds(), age.compareTo(ttl) > 0,
        null, features == null ? null : row.select(features).features());
  }

  /** The requested features of a user with no known row: each null. */
  private static Map<String, Object> none(List<String> features) {
    if (features == null) {
      return null;
    }
    Map<String, Object> values = new LinkedHashMap<>();
    features.forEach(name -> values.put(name, null));
    return values;
  }
}
