package io.gridscope.console.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AppPaths;
import io.gridscope.console.app.CollectionSettings;
import io.gridscope.console.app.UiSettings;
import io.gridscope.history.HistoryStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --data-dir} applies to every subcommand, whether it is given before or after the subcommand's name. */
class DataDirOptionTest {
    @TempDir
    Path tmp;

    private String previousConfigHome;
    private Path saved;

    @BeforeEach
    void saveADataDirectoryInSettings() throws Exception {
        previousConfigHome = System.getProperty(AppPaths.CONFIG_HOME_PROPERTY);
        System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, tmp.resolve("config").toString());
        saved = tmp.resolve("saved-data");
        UiSettings settings = UiSettings.empty();
        settings.put(CollectionSettings.KEY_DATA_DIR, saved.toString());
        settings.save(AppPaths.fromEnvironment().configDir());
    }

    @AfterEach
    void restore() {
        if (previousConfigHome == null) {
            System.clearProperty(AppPaths.CONFIG_HOME_PROPERTY);
        } else {
            System.setProperty(AppPaths.CONFIG_HOME_PROPERTY, previousConfigHome);
        }
    }

    @Test
    void aDataDirBeforeTheSubcommandAppliesToIt() {
        Path given = tmp.resolve("given");
        String db = given.resolve(HistoryStore.FILE_NAME).toString();

        CliTest.Result collect = CliTest.run("--data-dir", given.toString(), "collect", "--duration", "1s");
        assertThat(collect.exitCode()).as(collect.err()).isZero();
        assertThat(collect.out()).contains(" into " + db + " (");

        CliTest.Result stats = CliTest.run("--data-dir", given.toString(), "db", "stats");
        assertThat(stats.exitCode()).as(stats.err()).isZero();
        assertThat(stats.out()).startsWith("database          " + db);

        CliTest.Result query = CliTest.run(
                "--data-dir", given.toString(), "query", "gridscope_collector_pass_duration_seconds", "--since", "5m");
        assertThat(query.exitCode()).as(query.err()).isZero();
        assertThat(query.out().lines().skip(1)).isNotEmpty();

        CliTest.Result between = CliTest.run("db", "--data-dir", given.toString(), "stats");
        assertThat(between.exitCode()).as(between.err()).isZero();
        assertThat(between.out()).startsWith("database          " + db);

        assertThat(saved).as("the saved data directory is not used").doesNotExist();
    }

    @Test
    void withoutTheOptionTheSavedDataDirectoryIsUsed() {
        CliTest.Result stats = CliTest.run("db", "stats");
        assertThat(stats.exitCode()).isEqualTo(io.gridscope.console.app.ExitCodes.IO);
        assertThat(stats.err()).startsWith("gridscope: no history database in " + saved);
    }

    @Test
    void aSavedDataDirectoryThatIsNotAPathIsAClearErrorNotTheDefault() throws Exception {
        UiSettings settings = UiSettings.empty();
        settings.put(CollectionSettings.KEY_DATA_DIR, "/var/lib/\u0000gridscope");
        settings.save(AppPaths.fromEnvironment().configDir());

        CliTest.Result stats = CliTest.run("db", "stats");
        assertThat(stats.exitCode()).isEqualTo(io.gridscope.console.app.ExitCodes.IO);
        assertThat(stats.err().strip())
                .isEqualTo("gridscope: the data directory saved in "
                        + AppPaths.fromEnvironment().configDir().resolve(UiSettings.FILE_NAME)
                        + " is not a path (Nul character not allowed): give one with --data-dir or save one on the"
                        + " Settings page");

        CliTest.Result given = CliTest.run("--data-dir", tmp.resolve("given").toString(), "db", "stats");
        assertThat(given.err()).doesNotContain("is not a path");
    }
}
