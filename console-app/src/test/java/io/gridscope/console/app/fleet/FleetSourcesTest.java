package io.gridscope.console.app.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gridscope.collectors.prometheus.scrape.ScrapePreset;
import io.gridscope.console.app.ExitCodes;
import io.gridscope.console.app.SourceAuth;
import io.gridscope.console.app.SourceSpec;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.app.UserFacingException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A report's {@code --source NAME}: the saved Prometheus server source of that name, or an error that says why. */
class FleetSourcesTest {
    private static UiSettings saved() {
        UiSettings settings = UiSettings.empty();
        SourceSpec.of(
                        "fleet",
                        SourceSpec.Type.PROMETHEUS_SERVER,
                        "http://127.0.0.1:9/prometheus",
                        ScrapePreset.Kind.RAW,
                        "15s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);
        SourceSpec.of(
                        "dcgm-1",
                        SourceSpec.Type.EXPORTER,
                        "http://127.0.0.1:9/metrics",
                        ScrapePreset.Kind.DCGM_EXPORTER,
                        "15s",
                        SourceAuth.NONE,
                        false)
                .storeInto(settings);
        return settings;
    }

    @Test
    void aSavedServerSourceOpensByItsName() {
        try (PrometheusUsageSource source = FleetSources.open(saved(), "fleet", Duration.ofMinutes(1))) {
            assertThat(source.describe()).startsWith("Prometheus server fleet (http://127.0.0.1:9/prometheus)");
        }
    }

    @Test
    void anUnknownNameIsAUsageErrorListingTheServerSources() {
        assertThatThrownBy(() -> FleetSources.open(saved(), "flet", Duration.ofMinutes(1)))
                .isInstanceOf(UserFacingException.class)
                .hasMessage("no saved source is named flet; saved Prometheus server sources: fleet")
                .extracting(e -> ((UserFacingException) e).exitCode())
                .isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anExporterSourceIsRefusedItsDataAreLocal() {
        assertThatThrownBy(() -> FleetSources.open(saved(), "dcgm-1", Duration.ofMinutes(1)))
                .isInstanceOf(UserFacingException.class)
                .hasMessageStartingWith("source dcgm-1 is an exporter: what it delivers is in the local history");
    }

    @Test
    void withNoServerSourceSavedTheMessageSaysWhereToAddOne() {
        assertThatThrownBy(() -> FleetSources.open(UiSettings.empty(), "fleet", Duration.ofMinutes(1)))
                .hasMessage("no saved source is named fleet; no Prometheus server source is saved (add one on the"
                        + " Sources page)");
    }
}
