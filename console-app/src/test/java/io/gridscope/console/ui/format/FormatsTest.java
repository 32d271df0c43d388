package io.gridscope.console.ui.format;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.collectors.CollectorState;
import io.gridscope.collectors.CollectorStatus;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatsTest {
    @Test
    void anOkSourceWithWarningsShowsTheFirstAndCountsTheRest() {
        CollectorStatus clean = new CollectorStatus("prometheus:n7", "n7", CollectorState.OK, "", 1, 3_100_000, 12, 0);
        assertThat(Formats.describe(clean)).isEqualTo("OK · 12 series · 3.1 ms");
        assertThat(Formats.warnings(clean)).isEmpty();

        CollectorStatus warned = new CollectorStatus(
                "prometheus:n7",
                "n7",
                CollectorState.OK,
                "",
                1,
                3_100_000,
                12,
                0,
                List.of("line 7: x_sum cannot be negative (-3.1) [OpenMetrics 1.0, Histogram]", "line 9: other"));
        assertThat(Formats.describe(warned))
                .isEqualTo("OK · 12 series · 3.1 ms · warning: line 7: x_sum cannot be negative (-3.1)"
                        + " [OpenMetrics 1.0, Histogram] (+1 more)");
    }
}
