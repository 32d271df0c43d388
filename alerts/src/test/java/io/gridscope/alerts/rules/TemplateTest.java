package io.gridscope.alerts.rules;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.model.Labels;
import org.junit.jupiter.api.Test;

class TemplateTest {
    @Test
    void infiniteValuesAreWrittenInsteadOfFailingTheFill() {
        // a context series read from a Prometheus server may be +Inf, and $percent of a huge value overflows
        String filled = Template.fill(
                "{{ $value }} / {{ $threshold }} / {{ $percent }} / {{ $context }}",
                Labels.EMPTY,
                Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                Double.POSITIVE_INFINITY,
                Labels.EMPTY);

        assertThat(filled).isEqualTo("-Infinity / Infinity / -Infinity\u00a0% / Infinity");
        assertThat(Template.fill("{{ $percent }}", Labels.EMPTY, 1e307, 0)).isEqualTo("Infinity\u00a0%");
    }

    @Test
    void finiteValuesKeepFourSignificantDigits() {
        assertThat(Template.fill("{{ $value }} {{ $threshold }}", Labels.EMPTY, 3.14159, 80))
                .isEqualTo("3.142 80");
    }
}
