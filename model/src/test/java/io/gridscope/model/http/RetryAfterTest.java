package io.gridscope.model.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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
}
