package io.gridscope.console.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AppPathsTest {
    private static final Path HOME = Path.of("/home/ada");

    @Test
    void defaultsFollowTheXdgSpecification() {
        AppPaths p = AppPaths.resolve(Map.of(), HOME, Optional.empty());
        assertThat(p.configDir()).isEqualTo(Path.of("/home/ada/.config/gridscope"));
        assertThat(p.dataDir()).isEqualTo(Path.of("/home/ada/.local/share/gridscope"));
        assertThat(p.logDir()).isEqualTo(Path.of("/home/ada/.local/state/gridscope"));
    }

    @Test
    void xdgVariablesAreHonouredWhenAbsolute() {
        AppPaths p = AppPaths.resolve(
                Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_DATA_HOME", "/data", "XDG_STATE_HOME", "relative/ignored"),
                HOME,
                Optional.empty());
        assertThat(p.configDir()).isEqualTo(Path.of("/cfg/gridscope"));
        assertThat(p.dataDir()).isEqualTo(Path.of("/data/gridscope"));
        assertThat(p.logDir()).isEqualTo(Path.of("/home/ada/.local/state/gridscope"));
    }

    @Test
    void dataDirOptionOverridesOnlyTheDataDirectory() {
        AppPaths p = AppPaths.resolve(Map.of("XDG_DATA_HOME", "/data"), HOME, Optional.of(Path.of("/tmp/g1/../g2")));
        assertThat(p.dataDir()).isEqualTo(Path.of("/tmp/g2"));
        assertThat(p.configDir()).isEqualTo(Path.of("/home/ada/.config/gridscope"));
    }
}
