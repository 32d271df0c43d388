package io.gridscope.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PromNamesTest {
    private static final List<String> NAMES = List.of(
            "",
            "a",
            "_",
            ":",
            "1",
            "a1",
            "1a",
            "gpu_power_watts",
            "job:rate_1m:x9",
            ":x",
            "a-b",
            "a b",
            "é",
            "A_Z",
            "x:",
            "_9",
            "a.b",
            "\u0660",
            "z\n");

    @Test
    void metricNamesFollowThePrometheusRule() {
        for (String s : NAMES) {
            assertThat(PromNames.isMetricName(s)).as("'%s'", s).isEqualTo(s.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"));
        }
    }

    @Test
    void labelNamesFollowThePrometheusRule() {
        for (String s : NAMES) {
            assertThat(PromNames.isLabelName(s)).as("'%s'", s).isEqualTo(s.matches("[a-zA-Z_][a-zA-Z0-9_]*"));
        }
    }
}
