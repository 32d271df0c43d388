package io.gridscope.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
    @Test
    void retryAfterIsReadInBothForms() {
        ZonedDateTime now = ZonedDateTime.of(2026, 12, 2, 11, 0, 0, 0, ZoneOffset.UTC);
        assertThat(RetryAfter.parse("120", now.toInstant())).contains(Duration.ofSeconds(120));
        assertThat(RetryAfter.parse(" 0 ", now.toInstant())).contains(Duration.ZERO);
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 11:01:30 GMT", now.toInstant()))
                .contains(Duration.ofSeconds(90));
        assertThat(RetryAfter.parse("Wed, 02 Dec 2026 10:00:00 GMT", now.toInstant()))
                .contains(Duration.ZERO);
        assertThat(RetryAfter.parse("99999999999999999999", now.toInstant()))
                .hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofDays(365)));
        assertThat(RetryAfter.parse("soon", now.toInstant())).isEmpty();
        assertThat(RetryAfter.parse("-5", now.toInstant())).isEmpty();
        assertThat(RetryAfter.parse("", now.toInstant())).isEmpty();
        assertThat(RetryAfter.parse("1".repeat(65), now.toInstant())).isEmpty();
    }

    @Test
    void onlyTooManyRequestsAndUnavailableAskForAWait() {
        Instant now = Instant.parse("2026-12-02T11:00:00Z");
        assertThat(RetryAfter.of(429, Optional.of("7"), now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(503, Optional.of("7"), now)).contains(Duration.ofSeconds(7));
        assertThat(RetryAfter.of(500, Optional.of("7"), now)).isEmpty();
        assertThat(RetryAfter.of(301, Optional.of("7"), now)).isEmpty();
        assertThat(RetryAfter.of(429, Optional.empty(), now)).isEmpty();
    }
}
