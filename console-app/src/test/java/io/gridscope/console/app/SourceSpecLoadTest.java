package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SourceSpecLoadTest {
    @Test
    void aSavedSourceWithAnIntervalOrIdTheFormRefusesIsSkipped() {
        UiSettings settings = UiSettings.empty();
        settings.put("source.zero.url", "http://127.0.0.1:9100/metrics");
        settings.put("source.zero.interval", "PT0S");
        settings.put("source.fast.url", "http://127.0.0.1:9100/metrics");
        settings.put("source.fast.interval", "PT0.2S");
        settings.put("source.negative.url", "http://127.0.0.1:9100/metrics");
        settings.put("source.negative.interval", "-PT15S");
        settings.put("source.a b.url", "http://127.0.0.1:9100/metrics");
        settings.put("source.ok.url", "http://127.0.0.1:9100/metrics");
        settings.put("source.ok.interval", "PT1S");

        assertThat(SourceSpec.loadAll(settings)).singleElement().satisfies(s -> {
            assertThat(s.id()).isEqualTo("ok");
            assertThat(s.interval()).isEqualTo(Duration.ofSeconds(1));
            assertThat(s.toTarget().interval()).isEqualTo(Duration.ofSeconds(1));
        });
    }

    @Test
    void aKeyNamedSourceDotUrlIsNoSourceAndNoCrash() {
        // found by SourcesSettingsFuzzTest: "source.url" starts with "source." and ends with ".url", overlapping
        UiSettings settings = UiSettings.empty();
        settings.put("source.url", "http://127.0.0.1:9100/metrics");
        settings.put("source..url", "http://127.0.0.1:9100/metrics");
        settings.put("source.ok.url", "http://127.0.0.1:9100/metrics");

        assertThat(SourceSpec.loadAll(settings)).extracting(SourceSpec::id).containsExactly("ok");
    }
}
