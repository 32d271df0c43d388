package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The duration syntax shared by settings, source forms and the command line; the CLI's converter delegates here. */
class DurationsTest {
    @Test
    void acceptsShortAndIsoForms() {
        assertThat(Durations.parse(" 1h30m ")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("pt2s")).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void refusesWithAMessageThatNamesTheValue() {
        assertThatThrownBy(() -> Durations.parse("soon"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'soon' is not a duration (examples: 500ms, 30s, 10m, 2h, 7d, 1h30m)");
        assertThatThrownBy(() -> Durations.parse("0s"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'0s' must be a positive duration");
    }

    @Test
    void formatsWhatItParses() {
        for (String text : new String[] {"15s", "1m", "1h30m", "7d", "500ms", "2d3h4m5s"}) {
            assertThat(Durations.format(Durations.parse(text))).isEqualTo(text);
        }
    }

    @Test
    void zeroIsAllowedWhereAskedFor() {
        assertThat(Durations.parseOrZero("0")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parseOrZero("0s")).isEqualTo(Duration.ZERO);
        assertThat(Durations.parseOrZero("5m")).isEqualTo(Duration.ofMinutes(5));
        assertThatThrownBy(() -> Durations.parseOrZero("-1s")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Durations.parse("0s")).isInstanceOf(IllegalArgumentException.class);
    }
}
