package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {
    @Test
    void showsEveryNonZeroUnitLargestFirst() {
        assertThat(DurationText.ofMillis(7_200_000)).isEqualTo("2 h");
        assertThat(DurationText.ofMillis(1000)).isEqualTo("1 s");
        assertThat(DurationText.ofMillis(10)).isEqualTo("10 ms");
        assertThat(DurationText.ofMillis(90_000)).isEqualTo("1 min 30 s");
        assertThat(DurationText.ofMillis(1500)).isEqualTo("1 s 500 ms");
        assertThat(DurationText.of(Duration.ofHours(1).plusSeconds(1))).isEqualTo("1 h 1 s");
        assertThat(DurationText.of(Duration.ofDays(2).plusHours(3))).isEqualTo("2 d 3 h");
        assertThat(DurationText.of(Duration.ZERO)).isEqualTo("0 s");
        assertThat(DurationText.ofMillis(-250)).isEqualTo("-250 ms");
    }
}
