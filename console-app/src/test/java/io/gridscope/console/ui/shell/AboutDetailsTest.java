package io.gridscope.console.ui.shell;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridscope.console.app.AppPaths;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The About box's details and the plain text "Copy details" puts on the clipboard. */
class AboutDetailsTest {
    private static final AppPaths PATHS = new AppPaths(
            Path.of("/home/ana/.config/gridscope"),
            Path.of("/srv/gridscope-data"),
            Path.of("/home/ana/.local/state/gridscope"));

    private static Properties system() {
        Properties p = new Properties();
        p.setProperty("java.vendor", "Eclipse Adoptium");
        p.setProperty("javafx.runtime.version", "26+11");
        p.setProperty("os.name", "Linux");
        p.setProperty("os.version", "6.8.0-45-generic");
        p.setProperty("os.arch", "amd64");
        return p;
    }

    @Test
    void runFromSourceListsTheRuntimeAndTheFolders() {
        AboutDetails d = AboutDetails.of("0.1.0", "25.0.1+8-LTS", system(), PATHS);

        assertThat(d.installation()).isEqualTo("Run from source");
        assertThat(d.installDir()).isEmpty();
        assertThat(d.text()).isEqualTo("""
                        Gridscope 0.1.0
                        Observability and cost governance for AI infrastructure

                        Version:      0.1.0
                        Java:         25.0.1+8-LTS (Eclipse Adoptium)
                        JavaFX:       26+11
                        OS:           Linux 6.8.0-45-generic (amd64)
                        Installation: Run from source
                        Config:       /home/ana/.config/gridscope
                        Data:         /srv/gridscope-data
                        Logs:         /home/ana/.local/state/gridscope
                        """);
    }

    @Test
    void anInstalledPackageNamesItsDirectory() {
        Properties p = system();
        p.setProperty("jpackage.app-path", "/opt/gridscope/bin/Gridscope");

        AboutDetails d = AboutDetails.of("0.1.0", "25.0.1+8-LTS", p, PATHS);

        assertThat(d.installation()).isEqualTo("Installed package");
        assertThat(d.installDir()).contains(Path.of("/opt/gridscope"));
        assertThat(d.text())
                .contains("Installation: Installed package\nApplication:  /opt/gridscope\nConfig:")
                .doesNotContain("Run from source");
        assertThat(d.rows())
                .extracting(AboutDetails.Row::id)
                .containsExactly(
                        "version", "java", "javafx", "os", "installation", "appDir", "configDir", "dataDir", "logDir");
    }

    @Test
    void theInstallDirectoryIsThePackageRootOnEverySystem() {
        assertThat(AboutDetails.installDir(Path.of("/opt/gridscope/bin/Gridscope")))
                .isEqualTo(Path.of("/opt/gridscope"));
        assertThat(AboutDetails.installDir(Path.of("/Applications/Gridscope.app/Contents/MacOS/Gridscope")))
                .isEqualTo(Path.of("/Applications/Gridscope.app"));
        // Windows: the launcher sits in the application's folder itself
        assertThat(AboutDetails.installDir(Path.of("/apps/Gridscope/Gridscope.exe")))
                .isEqualTo(Path.of("/apps/Gridscope"));
    }

    @Test
    void whatTheRuntimeDoesNotSayIsUnknown() {
        AboutDetails d = AboutDetails.of("", "25", new Properties(), PATHS);

        assertThat(d.version()).isEqualTo("unknown");
        assertThat(d.javaFx()).isEqualTo("unknown");
        assertThat(d.text()).contains("Java:         25 (unknown)").contains("OS:           unknown (unknown)");
    }

    @Test
    void theRunningConsolesDetailsComeFromTheSystemProperties() {
        AboutDetails d = AboutDetails.of("0.1.0", PATHS);

        assertThat(d.javaVersion()).isEqualTo(Runtime.version().toString());
        assertThat(d.javaVendor()).isEqualTo(System.getProperty("java.vendor"));
        assertThat(d.arch()).isEqualTo(System.getProperty("os.arch"));
        assertThat(d.dataDir()).isEqualTo(PATHS.dataDir());
    }
}
