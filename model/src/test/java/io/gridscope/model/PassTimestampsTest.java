package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Pass timestamps: ticks of a regular grid while passes start close to them, real starts otherwise. */
class PassTimestampsTest {
    private static final long T0 = 1_764_633_600_123L;

    @Test
    void toleranceIsOnePercentOfTheIntervalAtMostTenMilliseconds() {
        assertThat(new PassTimestamps(Duration.ofSeconds(1)).toleranceMillis()).isEqualTo(10);
        assertThat(new PassTimestamps(Duration.ofMillis(500)).toleranceMillis()).isEqualTo(5);
        assertThat(new PassTimestamps(Duration.ofSeconds(15)).toleranceMillis()).isEqualTo(10);
        assertThat(new PassTimestamps(Duration.ofMillis(50)).toleranceMillis()).isZero();
        assertThatThrownBy(() -> new PassTimestamps(Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passesWithinTheToleranceAreStampedWithTheirTick() {
        PassTimestamps stamps = new PassTimestamps(Duration.ofSeconds(1));
        assertThat(stamps.stamp(T0)).isEqualTo(T0);
        assertThat(stamps.stamp(T0 + 1_003)).isEqualTo(T0 + 1_000);
        assertThat(stamps.stamp(T0 + 2_010)).isEqualTo(T0 + 2_000);
        assertThat(stamps.stamp(T0 + 2_995)).isEqualTo(T0 + 3_000);
        assertThat(stamps.stamp(T0 + 4_000)).isEqualTo(T0 + 4_000);
    }

    @Test
    void aLatePassKeepsItsRealStartAndTheNextIsBackOnTheGrid() {
        PassTimestamps stamps = new PassTimestamps(Duration.ofSeconds(1));
        stamps.stamp(T0);
        assertThat(stamps.stamp(T0 + 1_011)).isEqualTo(T0 + 1_011);
        assertThat(stamps.stamp(T0 + 2_250)).isEqualTo(T0 + 2_250);
        assertThat(stamps.stamp(T0 + 3_001)).isEqualTo(T0 + 3_000);
        // passes skipped (a collector in backoff) land on their own ticks
        assertThat(stamps.stamp(T0 + 9_002)).isEqualTo(T0 + 9_000);
    }

    @Test
    void threeMissesInARowMoveTheGridToTheLatestPass() {
        PassTimestamps stamps = new PassTimestamps(Duration.ofSeconds(1));
        stamps.stamp(T0);
        // the wall clock was stepped 400 ms forward
        assertThat(stamps.stamp(T0 + 1_400)).isEqualTo(T0 + 1_400);
        assertThat(stamps.stamp(T0 + 2_401)).isEqualTo(T0 + 2_401);
        assertThat(stamps.stamp(T0 + 3_399)).isEqualTo(T0 + 3_399);
        assertThat(stamps.stamp(T0 + 4_402)).isEqualTo(T0 + 4_399);
        assertThat(stamps.stamp(T0 + 5_399)).isEqualTo(T0 + 5_399);
    }

    @Test
    void stampsAlwaysIncreaseWhileTheClockDoes() {
        PassTimestamps stamps = new PassTimestamps(Duration.ofMillis(1_000));
        SplittableRandom r = new SplittableRandom(7);
        long now = T0;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 100_000; i++) {
            // mostly on time, sometimes late, sometimes back-to-back catch-up passes
            now += switch (r.nextInt(20)) {
                case 0 -> r.nextInt(1, 40);
                case 1 -> r.nextInt(1_000, 3_000);
                default -> 1_000 + r.nextInt(-4, 5);
            };
            long stamp = stamps.stamp(now);
            assertThat(stamp).isGreaterThan(last);
            assertThat(Math.abs(stamp - now)).isLessThanOrEqualTo(stamps.toleranceMillis());
            last = stamp;
        }
    }

    @Test
    void aClockThatGoesBackIsFollowed() {
        PassTimestamps stamps = new PassTimestamps(Duration.ofSeconds(1));
        stamps.stamp(T0);
        stamps.stamp(T0 + 1_000);
        assertThat(stamps.stamp(T0 - 60_000)).isEqualTo(T0 - 60_000);
    }
}
