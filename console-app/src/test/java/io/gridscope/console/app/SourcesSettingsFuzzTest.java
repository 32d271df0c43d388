package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Coverage-guided fuzzing of the console's saved settings ({@code ui.properties}): any file is either read or
 * refused with an {@link IOException}; the collection settings and the saved Prometheus sources load from whatever
 * it holds without an exception, and every source that loads is one the Sources form would accept and that can
 * start. {@code mvn verify} replays the corpus in {@code SourcesSettingsFuzzTestInputs/}; {@code bench/fuzz/run.sh}
 * fuzzes.
 */
class SourcesSettingsFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void savedSourcesLoadOnlyWhenTheyCanStart(byte[] content) throws IOException {
        Path dir = Files.createTempDirectory("gridscope-settings-fuzz");
        Path file = dir.resolve(UiSettings.FILE_NAME);
        UiSettings settings;
        try {
            Files.write(file, content);
            settings = UiSettings.read(dir);
        } catch (IOException e) {
            assertThat(e.getMessage()).contains(UiSettings.FILE_NAME);
            return;
        } finally {
            Files.deleteIfExists(file);
            Files.delete(dir);
        }
        CollectionSettings loaded = CollectionSettings.load(settings);
        for (SourceSpec s : loaded.sources()) {
            assertThat(SourceSpec.validate(s.id(), s.url().toString(), "1h"))
                    .as("saved source %s", s)
                    .isEmpty();
            assertThat(s.interval()).as("interval of %s", s).isGreaterThanOrEqualTo(SourceSpec.MIN_INTERVAL);
            if (s.auth().secretFile().isEmpty() && !s.auth().secretMissing()) {
                if (s.type() == SourceSpec.Type.EXPORTER) {
                    assertThat(s.toTarget().id()).isEqualTo(s.id());
                } else {
                    assertThat(s.toServerSource().id()).isEqualTo(s.id());
                }
            }
        }
    }
}
