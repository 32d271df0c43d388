package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CollectionSettingsTest {

    @Test
    void aSavedDataDirectoryThatIsNotAPathIsIgnoredWithAWarning(@TempDir Path configDir) throws Exception {
        // found by SourcesSettingsFuzzTest: a NUL character in the saved directory threw InvalidPathException, which
        // would have stopped the console's start
        Files.writeString(
                configDir.resolve(UiSettings.FILE_NAME),
                "data.dir=/var/lib/\u0000gridscope\ncollect.interval=PT5S\n",
                StandardOpenOption.CREATE_NEW);
        CollectionSettings loaded = CollectionSettings.load(UiSettings.read(configDir));
        assertThat(loaded.dataDir()).isEmpty();
        assertThat(loaded.warnings())
                .containsExactly("ignoring the saved data directory, which is not a path (Nul character not allowed);"
                        + " using the default");
    }

    @Test
    void aSavedDataDirectoryIsUsed(@TempDir Path configDir) throws Exception {
        Files.writeString(configDir.resolve(UiSettings.FILE_NAME), "data.dir=/var/lib/gridscope\n");
        CollectionSettings loaded = CollectionSettings.load(UiSettings.read(configDir));
        assertThat(loaded.dataDir()).contains(Path.of("/var/lib/gridscope"));
        assertThat(loaded.warnings()).isEmpty();
    }
}
