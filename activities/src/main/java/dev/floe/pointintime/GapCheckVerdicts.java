package dev.floe.pointintime;

import static java.util.Objects.requireNonNull;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The gap check's verdicts ({@link FeatureSpans.Coverage}) of the feature files a training set read,
 * kept for the life of the process. Iceberg data files never change, so the files of one snapshot
 * up to one dt (what a build reads: every partition up to the latest date its labels can know) give
 * the same verdict every time: a second build on the same snapshot skips the check (0.3-0.4 s over
 * 9M feature rows). Bounded: the least recently used verdict goes first.
 */
final class GapCheckVerdicts {
  static final int CAPACITY = 256;

  /** The files a verdict is about: every dt partition up to {@code lastDt} of one snapshot. */
  record Key(UUID table, long snapshotId, LocalDate lastDt) {
    Key {
      requireNonNull(table, "table is null");
    }
  }

  private static final Map<Key, FeatureSpans.Coverage> VERDICTS =
      new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, FeatureSpans.Coverage> eldest) {
          return size() > CAPACITY;
        }
      };

  private GapCheckVerdicts() {}

  static synchronized Optional<FeatureSpans.Coverage> get(Key key) {
    return Optional.ofNullable(VERDICTS.get(key));
  }

  static synchronized void put(Key key, FeatureSpans.Coverage coverage) {
    VERDICTS.put(key, requireNonNull(coverage, "coverage is null"));
  }
}
