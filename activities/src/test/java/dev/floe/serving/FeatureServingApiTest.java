package dev.floe.serving;

import static dev.floe.pointintime.FeatureTableFixture.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.catalog.FloeCatalog;
import dev.floe.error.InvalidInputException;
import dev.floe.pointintime.FeatureTableFixture;
import dev.floe.pointintime.OfflineLookup;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import org.apache.iceberg.Snapshot;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeatureServingApiTest {
  @TempDir Path dataDir;

  @Test
  void everyRouteAnswersFromTheSameSnapshotsAndRejectsBadValuesByName() throws Exception {
    try (FloeCatalog catalog = FloeCatalog.open(dataDir);
        EmbeddedOnlineStore store = new EmbeddedOnlineStore();
        OnlineMaterializer materializer = new OnlineMaterializer(catalog, store)) {
      FeatureTableFixture fixture = new FeatureTableFixture(catalog);
      Snapshot first = fixture.append(List.of(row(1, "2025-09-16", "1.00"), row(1, "2025-09-17", "2.00")));
      Thread.sleep(5);
      Instant between = Instant.ofEpochMilli(first.timestampMillis() + 2);
      Thread.sleep(5);
      fixture.replaceDates(List.of(row(1, "2025-09-17", "7.00")));
      materializer.materializeCurrent();
      FeatureServingApi api =
          new FeatureServingApi(
              catalog,
              new OnlineFeatureService(
                  store, OnlineFeatureService.DEFAULT_TTL, Clock.fixed(Instant.parse("2025-09-18T09:00:00Z"), ZoneOffset.UTC)));

      OnlineFeatures online = api.onlineFeatures("1");
      assertThat(online.spendingMean7d()).isEqualByComparingTo("7.00");
      assertThat(online.stale()).isFalse();
      assertThat(api.onlineFeatures(new OnlineFeaturesQuery(List.of(1L, 2L))).features())
          .extracting(OnlineFeatures::found)
          .containsExactly(true, false);

      OfflineLookup now = api.offlineFeatures("1", "2025-09-18T09:00:00Z", null);
      assertThat(now.dt()).isEqualTo(LocalDate.parse("2025-09-17"));
      assertThat(now.spendingMean7d()).isEqualByComparingTo("7.00");
      OfflineLookup then = api.offlineFeatures("1", "2025-09-18T09:00:00Z", between.toString());
      assertThat(then.spendingMean7d()).isEqualByComparingTo("2.00");
      assertThat(then.featureSnapshotId()).isEqualTo(first.snapshotId());
      assertThat(api.offlineFeatures("1", "2025-09-17", null).dt()).isEqualTo(LocalDate.parse("2025-09-16"));

      assertThatThrownBy(() -> api.onlineFeatures("abc"))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("user_id 'abc' is not a whole number");
      assertThatThrownBy(() -> api.offlineFeatures("1", null, null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("as_of is missing");
      assertThatThrownBy(() -> api.offlineFeatures("1", "soon", null))
          .isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("as_of 'soon' is not an ISO-8601 instant");
      assertThatThrownBy(() -> api.onlineFeatures(new OnlineFeaturesQuery(Arrays.asList(1L, null))))
          .isInstanceOf(InvalidInputException.class);
    }
  }
}
