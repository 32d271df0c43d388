package io.gridscope.alerts.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** End times as people write them, read in a given time zone at a given now. */
class UntilTest {
    static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin"); // UTC+1 in December
    static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo"); // UTC+9: already 19:00 on December 2nd

    static Instant parse(String text, ZoneId zone) {
        return Until.parse(text, NOW, zone);
    }

    @Test
    void aDurationCountsFromNowWithOrWithoutAPlus() {
        assertThat(parse("1h", BERLIN)).isEqualTo(NOW.plus(Duration.ofHours(1)));
        assertThat(parse("30m", BERLIN)).isEqualTo(NOW.plus(Duration.ofMinutes(30)));
        assertThat(parse("+2h", BERLIN)).isEqualTo(NOW.plus(Duration.ofHours(2)));
        assertThat(parse("  4h ", BERLIN)).isEqualTo(NOW.plus(Duration.ofHours(4)));
    }

    @Test
    void tomorrowAndTodayAreDaysOfTheGivenZone() {
        assertThat(parse("tomorrow 09:00", BERLIN)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(parse("tomorrow 09:00", TOKYO)).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));
        assertThat(parse("Tomorrow", BERLIN))
                .as("09:00 when no time is given")
                .isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(parse("today 18:00", BERLIN)).isEqualTo(Instant.parse("2026-12-02T17:00:00Z"));
    }

    @Test
    void aTomorrowInAZoneAheadOfUtcIsTheDayAfterThatZonesToday() {
        // 01:30 UTC on December 2nd is already 10:30 on December 2nd in Tokyo: tomorrow there is December 3rd
        Instant earlyUtc = Instant.parse("2026-12-02T01:30:00Z");
        assertThat(Until.parse("tomorrow 09:00", earlyUtc, TOKYO)).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));
        // and 23:30 UTC on December 1st is 00:30 on December 2nd in Berlin
        Instant lateUtc = Instant.parse("2026-12-01T23:30:00Z");
        assertThat(Until.parse("tomorrow 09:00", lateUtc, BERLIN)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
    }

    @Test
    void aLocalDateTimeIsInTheGivenZone() {
        assertThat(parse("2026-12-03 09:00", BERLIN)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(parse("2026-12-03T09:00", BERLIN)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(parse("2026-12-03 09:00", TOKYO)).isEqualTo(Instant.parse("2026-12-03T00:00:00Z"));
    }

    @Test
    void anInstantWithItsOffsetIgnoresTheZone() {
        assertThat(parse("2026-12-03T08:00:00Z", TOKYO)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(parse("2026-12-03T09:00:00+01:00", TOKYO)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
        assertThat(parse("2026-12-03 08:00:00z", BERLIN)).isEqualTo(Instant.parse("2026-12-03T08:00:00Z"));
    }

    @Test
    void aTimeThatIsNotInTheFutureIsRefused() {
        assertThatThrownBy(() -> parse("today 09:00", BERLIN)) // 08:00 UTC, two hours ago
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'today 09:00' is not in the future");
        assertThatThrownBy(() -> parse("2026-12-02T10:00:00Z", BERLIN))
                .as("now is not in the future")
                .hasMessage("'2026-12-02T10:00:00Z' is not in the future");
        assertThatThrownBy(() -> parse("2025-01-01 00:00", BERLIN))
                .hasMessage("'2025-01-01 00:00' is not in the future");
    }

    @ParameterizedTest
    @ValueSource(strings = {"soon", "", "tomorrow at nine", "2026-12-03", "2026-13-03 09:00", "1 hour", "h"})
    void garbageIsRefusedNamingTheAcceptedForms(String text) {
        assertThatThrownBy(() -> parse(text, BERLIN))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'" + text.strip() + "' is not an end time: write a duration (1h, 30m), 'tomorrow 09:00',"
                        + " '2026-12-03 09:00' (local time) or '2026-12-03T08:00:00Z'");
    }

    @Test
    void theQuickPicksAreAllAccepted() {
        for (String pick : Until.QUICK_PICKS) {
            assertThat(parse(pick, BERLIN)).isAfter(NOW);
        }
    }
}
