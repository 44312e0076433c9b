package dev.floe.pointintime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.floe.error.InvalidInputException;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TimeTextTest {
  @Test
  void instantsInEveryAcceptedForm() {
    assertThat(TimeText.instant("--at", "2025-09-17T12:00:00Z")).isEqualTo(Instant.parse("2025-09-17T12:00:00Z"));
    assertThat(TimeText.instant("--at", "2025-09-17T14:00:00+02:00")).isEqualTo(Instant.parse("2025-09-17T12:00:00Z"));
    assertThat(TimeText.instant("--at", "2025-09-17T14:00+02:00[Europe/Paris]"))
        .isEqualTo(Instant.parse("2025-09-17T12:00:00Z"));
    assertThat(TimeText.instant("--at", "2025-09-17T12:00:00")).isEqualTo(Instant.parse("2025-09-17T12:00:00Z"));
    assertThat(TimeText.instant("--at", "2025-09-17")).isEqualTo(Instant.parse("2025-09-17T00:00:00Z"));
    assertThatThrownBy(() -> TimeText.instant("--at", "17/09/2025"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("--at '17/09/2025' is not an ISO-8601 instant");
    assertThatThrownBy(() -> TimeText.instant("--at", "+100000-01-01T00:00:00Z"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("outside the years 0001 to 9999");
  }

  @Test
  void durationsShortAndIso() {
    assertThat(TimeText.duration("--ttl", "7d")).isEqualTo(Duration.ofDays(7));
    assertThat(TimeText.duration("--ttl", "1d12h")).isEqualTo(Duration.ofHours(36));
    assertThat(TimeText.duration("--ttl", "PT12H")).isEqualTo(Duration.ofHours(12));
    assertThat(TimeText.duration("--ttl", "P7D")).isEqualTo(Duration.ofDays(7));
    assertThat(TimeText.duration("--ttl", "90m")).isEqualTo(Duration.ofMinutes(90));
    for (String bad : new String[] {"7", "d", "7x", "-1d", "0d", "PT0S", "12h7", "99999999999d"}) {
      assertThatThrownBy(() -> TimeText.duration("--ttl", bad)).as(bad).isInstanceOf(InvalidInputException.class)
          .hasMessageStartingWith("--ttl '" + bad + "'");
    }
  }

  @Test
  void theKnownTimeRule() {
    assertThat(KnownTime.knownFrom(java.time.LocalDate.parse("2025-09-16"))).isEqualTo(Instant.parse("2025-09-17T00:00:00Z"));
    assertThat(KnownTime.latestKnownDate(Instant.parse("2025-09-17T00:00:00Z"))).hasToString("2025-09-16");
    assertThat(KnownTime.latestKnownDate(Instant.parse("2025-09-16T23:59:59.999Z"))).hasToString("2025-09-15");
  }
}
