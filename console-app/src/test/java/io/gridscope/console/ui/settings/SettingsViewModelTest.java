package io.gridscope.console.ui.settings;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.StorageSettings;
import io.gridscope.console.app.UiSettings;
import io.gridscope.console.ui.shell.Page;
import io.gridscope.console.ui.shell.ShellViewModel;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The Settings form without a scene: what is refused, with which words, and what is handed on to be written. */
class SettingsViewModelTest {
    private final List<UiSettings> saved = new ArrayList<>();
    private final ShellViewModel shell = new ShellViewModel();

    private SettingsViewModel vm(UiSettings current) {
        return new SettingsViewModel(current, shell, saved::add);
    }

    @Test
    void theFormStartsFromTheSavedSettingsOrTheDefaults() {
        UiSettings current = UiSettings.empty();
        current.put(SettingsViewModel.KEY_INTERVAL, "5s");
        current.put(SettingsViewModel.KEY_EXPORTER_ENABLED, "true");
        SettingsViewModel vm = vm(current);
        assertThat(vm.intervalProperty().get()).isEqualTo("5s");
        assertThat(vm.dataDirProperty().get()).isEmpty();
        assertThat(vm.exporterEnabledProperty().get()).isTrue();
        assertThat(vm.exporterPortProperty().get()).isEqualTo("9464");
        StorageSettings defaults = StorageSettings.defaults();
        assertThat(vm.rawRetentionProperty().get())
                .isEqualTo(io.gridscope.model.Durations.format(defaults.rawRetention()));
        assertThat(vm.outcomeProperty().get()).isEmpty();
    }

    @Test
    void invalidValuesAreRefusedFieldByFieldAndNothingIsSaved() {
        SettingsViewModel vm = vm(UiSettings.empty());
        vm.intervalProperty().set("100ms");
        vm.dataDirProperty().set("relative/dir");
        vm.exporterEnabledProperty().set(true);
        vm.exporterPortProperty().set("99999");
        vm.rawRetentionProperty().set("30d");
        vm.minuteRetentionProperty().set("7d");
        vm.maxSizeProperty().set("12 parsecs");

        assertThat(vm.save()).isFalse();
        assertThat(vm.intervalErrorProperty().get())
                .as("the words and bounds of gridscope collect")
                .isEqualTo("100 ms is shorter than 200 ms");
        assertThat(vm.dataDirErrorProperty().get()).isEqualTo("must be an absolute path");
        assertThat(vm.exporterPortErrorProperty().get()).isEqualTo("a port number, 1 to 65535");
        assertThat(vm.minuteRetentionErrorProperty().get()).isEqualTo("at least the raw retention (30d)");
        assertThat(vm.maxSizeErrorProperty().get()).contains("500 MB");
        assertThat(vm.outcomeProperty().get()).isEqualTo("Not saved: fix the fields marked in red.");
        assertThat(saved).isEmpty();

        vm.intervalProperty().set("2h");
        vm.save();
        assertThat(vm.intervalErrorProperty().get()).isEqualTo("2 h is longer than 1 h");
        vm.intervalProperty().set("soon");
        vm.save();
        assertThat(vm.intervalErrorProperty().get()).isEqualTo("not a duration (e.g. 1s, 500ms, 5s)");
        assertThat(saved).isEmpty();
    }

    @Test
    void theEndpointAddressIsLoopbackByDefaultAndAnotherOneIsWarnedAbout() {
        SettingsViewModel vm = vm(UiSettings.empty());
        assertThat(vm.exporterAddressProperty().get()).isEqualTo("127.0.0.1");
        vm.exporterEnabledProperty().set(true);
        assertThat(vm.exporterAddressWarningProperty().get()).isEmpty();

        vm.exporterAddressProperty().set("0.0.0.0");
        assertThat(vm.exporterAddressWarningProperty().get())
                .contains("anyone who can reach this port can read this machine's telemetry");
        for (String loopback : List.of("localhost", "127.0.0.2", "::1", "[::1]", "0:0:0:0:0:0:0:1")) {
            vm.exporterAddressProperty().set(loopback);
            assertThat(vm.exporterAddressWarningProperty().get()).as(loopback).isEmpty();
        }
        vm.exporterAddressProperty().set("node7.example.org");
        assertThat(vm.exporterAddressWarningProperty().get()).isNotEmpty();
        vm.exporterEnabledProperty().set(false);
        assertThat(vm.exporterAddressWarningProperty().get())
                .as("nothing listens while the endpoint is off")
                .isEmpty();
    }

    @Test
    void theEndpointAddressMustBeAHostNameOrAnIpLiteral() {
        UiSettings current = UiSettings.empty();
        current.put(SettingsViewModel.KEY_EXPORTER_ADDRESS, "10.0.0.5");
        SettingsViewModel vm = vm(current);
        assertThat(vm.exporterAddressProperty().get()).isEqualTo("10.0.0.5");
        vm.exporterEnabledProperty().set(true);
        for (String bad : List.of("", "  ", "http://10.0.0.5", "300.1.1.1", "host name", "-x.example", "1::2::3")) {
            vm.exporterAddressProperty().set(bad);
            assertThat(vm.save()).as(bad).isFalse();
            assertThat(vm.exporterAddressErrorProperty().get()).as(bad).isNotEmpty();
        }
        assertThat(saved).isEmpty();
        for (String good : List.of("10.0.0.5", "fe80::1", "gpu-node-3", "gpu-node-3.lab.example.org")) {
            vm.exporterAddressProperty().set(good);
            assertThat(vm.save()).as(good).isTrue();
            assertThat(vm.exporterAddressErrorProperty().get()).as(good).isEmpty();
        }
    }

    @Test
    void theDataDirectoryGivenOnTheCommandLineIsShownAndOnlySavedWhenEdited() {
        UiSettings current = UiSettings.empty();
        current.put(SettingsViewModel.KEY_DATA_DIR, "/srv/saved");
        SettingsViewModel vm = new SettingsViewModel(current, shell, saved::add, Optional.of(Path.of("/tmp/from-cli")));
        assertThat(vm.dataDirProperty().get()).as("the directory in use").isEqualTo("/tmp/from-cli");
        assertThat(vm.dataDirNoteProperty().get())
                .contains("--data-dir on the command line")
                .contains("/srv/saved");

        assertThat(vm.save()).isTrue();
        assertThat(saved.getLast().get(SettingsViewModel.KEY_DATA_DIR))
                .as("saving other fields keeps the saved directory")
                .contains("/srv/saved");

        vm.dataDirProperty().set("/srv/new");
        assertThat(vm.dataDirNoteProperty().get()).contains("this session uses /tmp/from-cli");
        assertThat(vm.save()).isTrue();
        assertThat(saved.getLast().get(SettingsViewModel.KEY_DATA_DIR)).contains("/srv/new");
    }

    @Test
    void withoutDataDirOnTheCommandLineTheSavedDirectoryIsShownWithoutANote() {
        UiSettings current = UiSettings.empty();
        current.put(SettingsViewModel.KEY_DATA_DIR, "/srv/saved");
        SettingsViewModel vm = vm(current);
        assertThat(vm.dataDirProperty().get()).isEqualTo("/srv/saved");
        assertThat(vm.dataDirNoteProperty().get()).isEmpty();
    }

    @Test
    void aDisabledEndpointsPortIsNotCheckedNorSaved() {
        SettingsViewModel vm = vm(UiSettings.empty());
        vm.exporterPortProperty().set("not a port");
        assertThat(vm.save()).isTrue();
        assertThat(vm.exporterPortErrorProperty().get()).isEmpty();
        assertThat(saved).singleElement().satisfies(s -> {
            assertThat(s.get(SettingsViewModel.KEY_EXPORTER_ENABLED)).contains("false");
            assertThat(s.get(SettingsViewModel.KEY_EXPORTER_PORT)).isEmpty();
        });
    }

    @Test
    void validValuesAreHandedOnWithTheShellAndWhatWasThereBefore() {
        UiSettings current = UiSettings.empty();
        current.put("source.n1.url", "http://n1:9100/metrics");
        shell.pageProperty().set(Page.SETTINGS);
        SettingsViewModel vm = vm(current);
        vm.intervalProperty().set(" 2s ");
        vm.dataDirProperty().set("/srv/gridscope");
        vm.exporterEnabledProperty().set(true);
        vm.exporterPortProperty().set(" 9500 ");
        vm.exporterAddressProperty().set(" 0.0.0.0 ");
        vm.rawRetentionProperty().set("30d");
        vm.minuteRetentionProperty().set("180d");
        vm.maxSizeProperty().set("2 GB");

        assertThat(vm.save()).isTrue();
        assertThat(vm.outcomeProperty().get()).startsWith("Saved. These settings apply from the next start");
        assertThat(vm.intervalErrorProperty().get()).isEmpty();
        assertThat(saved).singleElement().satisfies(s -> {
            assertThat(s).isNotSameAs(current);
            assertThat(s.get(SettingsViewModel.KEY_INTERVAL)).contains("2s");
            assertThat(s.get(SettingsViewModel.KEY_DATA_DIR)).contains("/srv/gridscope");
            assertThat(s.get(SettingsViewModel.KEY_EXPORTER_ENABLED)).contains("true");
            assertThat(s.get(SettingsViewModel.KEY_EXPORTER_PORT)).contains("9500");
            assertThat(s.get(SettingsViewModel.KEY_EXPORTER_ADDRESS)).contains("0.0.0.0");
            assertThat(CollectionSettings.load(s).exporter().bindAddress()).isEqualTo("0.0.0.0");
            assertThat(StorageSettings.load(s))
                    .isEqualTo(new StorageSettings(
                            Duration.ofDays(30), Duration.ofDays(180), Duration.ofDays(730), 2_000_000_000L));
            assertThat(s.get(ShellViewModel.KEY_PAGE)).contains("SETTINGS");
            assertThat(s.get("source.n1.url"))
                    .as("what the form does not show is kept")
                    .contains("http://n1:9100/metrics");
        });
        assertThat(current.get(SettingsViewModel.KEY_INTERVAL))
                .as("the settings read at start are left as they were")
                .isEmpty();
    }
}
