package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.history.HistoryOptions;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StorageSettingsTest {
    @Test
    void sizesReadInDecimalAndBinaryUnitsAndEmptyMeansNoCap() {
        assertThat(StorageSettings.parseSize("")).isZero();
        assertThat(StorageSettings.parseSize("0")).isZero();
        assertThat(StorageSettings.parseSize("500 MB")).isEqualTo(500_000_000L);
        assertThat(StorageSettings.parseSize("1.5gb")).isEqualTo(1_500_000_000L);
        assertThat(StorageSettings.parseSize("2 GiB")).isEqualTo(2L << 30);
        assertThat(StorageSettings.formatSize(2_000_000_000L)).isEqualTo("2 GB");
        assertThat(StorageSettings.parseSize(StorageSettings.formatSize(1_234_000_000L)))
                .isEqualTo(1_234_000_000L);
    }

    @Test
    void eachTierKeepsAtLeastAsLongAsTheFinerOneAndTheCapHasAFloor() {
        assertThat(StorageSettings.validate("7d", "90d", "730d", "")).isEmpty();
        assertThat(StorageSettings.validate("30m", "1d", "2d", "")).containsKey("raw");
        assertThat(StorageSettings.validate("7d", "1d", "730d", ""))
                .containsEntry("minute", "at least the raw retention (7d)");
        assertThat(StorageSettings.validate("7d", "90d", "30d", "")).containsKey("hour");
        assertThat(StorageSettings.validate("7d", "90d", "730d", "10 MB"))
                .containsEntry("size", "at least 64 MB, or empty for no cap");
        assertThat(StorageSettings.validate("soon", "90d", "730d", "lots")).containsKeys("raw", "size");
    }

    @Test
    void savedSettingsRoundTripAndReachTheStoreOptions() {
        UiSettings s = UiSettings.empty();
        assertThat(StorageSettings.load(s)).isEqualTo(StorageSettings.defaults());
        StorageSettings custom = StorageSettings.of("2d", "30d", "365d", "4 GB");
        custom.storeInto(s);
        assertThat(StorageSettings.load(s)).isEqualTo(custom);
        HistoryOptions o = custom.applyTo(HistoryOptions.defaults());
        assertThat(o.rawRetention()).isEqualTo(Duration.ofDays(2));
        assertThat(o.hourRetention()).isEqualTo(Duration.ofDays(365));
        assertThat(o.maxBytes()).isEqualTo(4_000_000_000L);
        s.put(StorageSettings.KEY_RAW, "garbage");
        assertThat(StorageSettings.load(s))
                .as("a damaged file falls back to the defaults")
                .isEqualTo(StorageSettings.defaults());
    }
}
