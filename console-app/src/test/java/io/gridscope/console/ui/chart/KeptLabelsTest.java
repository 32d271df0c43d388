package io.gridscope.console.ui.chart;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeptLabelsTest {
    @Test
    void aLabelIsFormattedOncePerStepAndZoneAndTheCacheStaysSmall() {
        TimeSeriesChart.KeptLabels<Long> kept = new TimeSeriesChart.KeptLabels<>();
        List<String> formatted = new ArrayList<>();
        ZoneId plus2 = ZoneOffset.ofHours(2);
        long hour = 3_600_000;
        String utc = kept.get(hour, ZoneOffset.UTC, 0L, t -> log(formatted, Ticks.timeLabel(t, hour, ZoneOffset.UTC)));
        assertThat(kept.get(hour, ZoneOffset.UTC, 0L, t -> log(formatted, "not again")))
                .isEqualTo(utc);
        assertThat(formatted).hasSize(1);

        // another zone or step gives another label for the same tick
        assertThat(kept.get(hour, plus2, 0L, t -> log(formatted, Ticks.timeLabel(t, hour, plus2))))
                .isEqualTo(Ticks.timeLabel(0, hour, plus2))
                .isNotEqualTo(utc);
        assertThat(kept.get(2 * hour, plus2, 0L, t -> log(formatted, "2h"))).isEqualTo("2h");
        assertThat(formatted).hasSize(3);

        for (long t = 1; t <= 3 * TimeSeriesChart.MAX_KEPT_LABELS; t++) {
            kept.get(2 * hour, plus2, t, x -> log(formatted, "tick " + x));
        }
        assertThat(kept.get(2 * hour, plus2, 0L, t -> log(formatted, "2h again")))
                .as("forgotten once past the bound")
                .isEqualTo("2h again");
    }

    private static String log(List<String> formatted, String label) {
        formatted.add(label);
        return label;
    }
}
